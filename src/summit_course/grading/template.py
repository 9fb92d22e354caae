"""A worker's kernel template: a Python process that has imported the kernel and the course once, and forks each kernel.

Starting a kernel costs a fresh interpreter about half a second of CPU before any cell runs
(ipykernel, then pandas and the course package in the first cell), on every submission.
The template pays it once per worker: it imports the kernel's code and :data:`WARM`, and
then, for each submission, forks a kernel that has it all already. No student code ever
runs in the template, so each kernel is still a fresh process no other submission touched.

Per request (one JSON line on stdin, from its worker; the answer is one line on stdout):

1. a child joins the cgroups of the run's *holder* process (the cap its worker made for
   this kernel) and, when sandboxed, enters the sandbox bubblewrap built around that
   holder (:func:`enter.enter`) and gives up every privilege (:func:`enter.drop_privileges`;
   a step the system refuses is reported, and that kernel starts afresh), then forks the
   kernel, which inherits the dropped privileges, and says its pid;
2. the kernel takes a session of its own, its log as stdout and stderr and nothing else
   open, takes the run's environment (only it: the sandbox's allow-list) and working
   folder, then runs :func:`capped_kernel.main` with the run's arguments: the same limits
   and ipykernel start as a kernel started afresh.

The template has no thread (a fork copies only the calling one) and holds nothing but
imported modules; it exits when its input closes, as its worker does.
"""

from __future__ import annotations

import ctypes
import gc
import importlib
import json
import os
import signal
import sys

__all__ = ["READY", "WARM", "main"]

READY = "summit-template: ready"
#: What every kernel imports as it starts (ipykernel resolves these by name as it sets itself up).
KERNEL = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger",
          "IPython.core.completerlib", "IPython.extensions.storemagic", "tornado.platform.asyncio", "tornado.queues")
#: What the template imports besides the kernel: the course's own runtime, as its lessons' setup cells do.
WARM = ("pandas", "summit_course", "summit_course.checks", "summit_course.charts", "summit_course.explore")
_PR_SET_PDEATHSIG = 1


def _join_cgroups(holder: int) -> None:
    """Join every cgroup the holder is in and this process is not (the kernel's caps), or raise OSError."""
    def groups(pid) -> dict[str, str]:
        with open(f"/proc/{pid}/cgroup", encoding="utf-8") as handle:
            return {hierarchy: path for hierarchy, _, path in
                    (line.rstrip("\n").partition(":")[2].rpartition(":") for line in handle)}

    own = groups("self")
    for controllers, path in groups(holder).items():
        if own.get(controllers) == path:
            continue
        names = [name.removeprefix("name=") for name in controllers.split(",") if name]
        roots = ["/sys/fs/cgroup", "/sys/fs/cgroup/unified"] if not names else [
            f"/sys/fs/cgroup/{','.join(names)}", *(f"/sys/fs/cgroup/{name}" for name in names)]
        target = next((f"{root}{path}/cgroup.procs" for root in roots if os.path.exists(f"{root}{path}/cgroup.procs")),
                      None)
        if target is None:
            raise OSError(f"the kernel's cgroup {controllers or 'v2'}:{path} was not found")
        with open(target, "w", encoding="ascii") as handle:
            handle.write(str(os.getpid()))


def _kernel(request: dict, log: int) -> None:
    """In the forked kernel: isolate, then run :func:`capped_kernel.main` (never returns)."""
    from . import capped_kernel

    try:
        os.setsid()
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.closerange(3, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 1024)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.path[0] = request["cwd"]  # as ``python -m`` started there would have it
        sys.argv = [capped_kernel.__file__, *request["argv"]]
        if "numpy" in sys.modules:  # a fresh process draws its own random numbers
            sys.modules["numpy"].random.seed()
    except BaseException as exc:  # nothing of the student's has run: say why in the kernel's log
        os.write(2, f"summit-template: the kernel could not be set up: {type(exc).__name__}: {exc}\n".encode())
        os._exit(70)
    try:
        capped_kernel.main(request["argv"])
    except SystemExit as exc:
        os._exit(exc.code if isinstance(exc.code, int) else 1)
    except BaseException:
        os._exit(1)
    os._exit(0)


def _fork(request: dict) -> dict:
    """Fork the child that joins the run's cgroups and sandbox and forks the kernel; its pid or why not.

    Sandboxed, the child exits once the kernel runs (the sandbox's first process takes the
    kernel in and ends it with the sandbox). Unsandboxed, it stays the kernel's parent, so
    that the kernel dies with it (``PR_SET_PDEATHSIG``), and it with the template.
    """
    from . import enter

    reader, writer = os.pipe()
    if os.fork() == 0:
        try:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            os.close(reader)
            log = os.open(request["log"], os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
            _join_cgroups(request["cgroup_of"])
            if request.get("sandbox_of"):
                enter.enter(enter.open_namespaces(request["sandbox_of"]))
                enter.drop_privileges()  # here, so that a refusal reaches the worker, which then starts it afresh
            else:
                _die_with_parent()
            kernel = os.fork()
            if kernel == 0:
                os.close(writer)
                if not request.get("sandbox_of"):
                    _die_with_parent()
                _kernel(request, log)
            os.write(writer, json.dumps({"pid": kernel}).encode())
            os.close(writer)
            if not request.get("sandbox_of"):
                os.waitpid(kernel, 0)
            os._exit(0)
        except BaseException as exc:
            os.write(writer, json.dumps({"error": f"{type(exc).__name__}: {exc}"[:300]}).encode())
            os._exit(1)
    os.close(writer)
    with os.fdopen(reader, "rb") as answer:
        said = answer.read()
    try:
        return json.loads(said)
    except ValueError:
        return {"error": "the template's child said nothing"}


def _die_with_parent() -> None:
    ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _warm(modules) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as exc:  # a module this environment lacks: the kernels import it themselves, if at all
            print(f"summit-template: not warmed: {name} ({type(exc).__name__})", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    """Import the kernel and ``argv`` (module names, default :data:`WARM`), then fork a kernel per request."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # its children are reaped as they exit
    from . import capped_kernel, enter  # noqa: F401

    _warm(KERNEL + (WARM if argv is None else tuple(argv)))
    gc.collect()
    gc.freeze()  # the kernels' collections then leave the template's objects (and their shared pages) alone
    threads = len(os.listdir("/proc/self/task"))
    if threads != 1:
        sys.exit(f"summit-template: {threads} threads after the imports; a fork would copy only one")
    out = sys.stdout
    print(READY, file=out, flush=True)
    for line in sys.stdin:
        try:
            answer = _fork(json.loads(line))
        except Exception as exc:  # a request it cannot read, a fork the system refuses
            answer = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        print(json.dumps(answer), file=out, flush=True)


if __name__ == "__main__":  # pragma: no cover - run as the worker's template process
    main(sys.argv[1:] or None)
