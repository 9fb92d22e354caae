"""Run one submission in a fresh, memory-capped kernel and read its answer values out.

This is the grading worker's whole job, and it is a pure function of plain data
(:func:`execute_submission` takes a :class:`SubmissionTask` and returns a
:class:`SubmissionRun`), so a process pool or a Dask cluster can run it anywhere the
course's Python environment is installed. It never raises.

For each notebook of a submission:

1. Read it defensively: a file that is not a notebook, invalid JSON or an old nbformat
   (converted to v4, with a note) each get a clear reason. Stored outputs are dropped.
2. Run it with nbclient in a scratch folder (its own copy of ``datasets/``, ``HOME`` and
   ``SUMMIT_DATA`` pointing there), in a kernel started by
   :mod:`summit_course.capped_kernel` (a memory cap), with a per-cell timeout (the cell is
   interrupted and the run goes on) and a per-notebook timeout. Errors in a cell do not
   stop later cells. If a cell kills the kernel or stalls the whole notebook, the notebook
   is run once more without that cell, so the other answers still count.
3. Append one grader cell that writes the answer variables to a JSON file with a random
   name: tagged JSON (:func:`encode_value`), never pickle. The grader decodes it with
   :func:`decode_value` and decides verdicts in its own process, so nothing a student's
   notebook does to ``check`` or to the package changes a verdict.

This is a fault boundary, not a security sandbox: run submissions you do not trust as an
unprivileged user or in a container (see ``docs/instructors.md``).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import inspect
import json
import logging
import math
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Limits",
    "NotebookRun",
    "NotReadable",
    "SubmissionRun",
    "SubmissionTask",
    "Unreadable",
    "assigned_variables",
    "decode_value",
    "encode_value",
    "execute_submission",
    "read_notebook",
    "remove_stale_scratch",
]

KERNEL_NAME = "summit-grader"
ANSWERS_MAX_BYTES = 50 * 1024 * 1024
SKIPPED_CELL = "# (skipped by the grader: this cell {why})"
TIMEOUT_ERROR = "CellTimeoutError"


@dataclass(frozen=True)
class Limits:
    """How long and how much memory one submission may use."""

    cell_timeout: float = 30
    notebook_timeout: float = 120
    memory_mb: int = 2048


@dataclass(frozen=True)
class SubmissionTask:
    """Everything a worker needs to run one student's submission (plain, picklable data).

    Attributes
    ----------
    student : str
        The student's id (for the result only).
    notebooks : tuple of (str, bytes)
        Each notebook's file name and content.
    variables : tuple of str
        The answer variables to read out of the kernel.
    datasets : str or None
        The course's ``datasets/`` folder, copied into each scratch folder.
    limits : Limits
        Timeouts and the memory cap.
    """

    student: str
    notebooks: tuple[tuple[str, bytes], ...]
    variables: tuple[str, ...]
    datasets: str | None = None
    limits: Limits = Limits()


@dataclass
class NotebookRun:
    """What running one notebook gave: answer values (tagged JSON) and what went wrong."""

    name: str
    answers: dict[str, dict] = field(default_factory=dict)
    assigned: dict[str, list[int]] = field(default_factory=dict)
    cell_errors: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failure: str = ""
    seconds: float = 0.0


@dataclass
class SubmissionRun:
    """The runs of every notebook of one submission, or why it could not run at all."""

    student: str
    runs: list[NotebookRun] = field(default_factory=list)
    grader_error: str = ""


class NotReadable(ValueError):
    """The file is not a notebook we can run; the message says why, for the student."""


# ---------------------------------------------------------------------------------------
# Reading a submitted file


_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a zip archive (or a Word/Excel file)",
}


def read_notebook(data: bytes):
    """Parse a submitted file as a notebook in format v4, without its stored outputs.

    Parameters
    ----------
    data : bytes
        The file's content.

    Returns
    -------
    (nbformat.NotebookNode, list of str)
        The notebook and notes for the instructor (conversion, schema problems).

    Raises
    ------
    NotReadable
        When the file is not a notebook; the message says what it is instead.
    """
    import nbformat

    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise NotReadable(f"this file is {what}, not a notebook")
    if not data.strip():
        raise NotReadable("the file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotReadable("this file is not text (a binary file renamed .ipynb?)") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotReadable(
            f"the file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "it may be damaged or cut short"
        ) from None
    except RecursionError:
        raise NotReadable("the file's JSON is nested too deeply to be a notebook") from None
    if not isinstance(raw, dict) or not ("cells" in raw or "worksheets" in raw):
        raise NotReadable("the file is JSON but not a notebook (it has no cells)")
    notes = []
    version = raw.get("nbformat")
    _drop_outputs(raw)
    problems: dict = {}
    try:
        with _quiet():
            notebook = nbformat.reads(json.dumps(raw), as_version=4, capture_validation_error=problems)
    except Exception as exc:  # any malformed structure nbformat cannot convert
        raise NotReadable(f"the notebook's structure is damaged ({type(exc).__name__})") from None
    if isinstance(version, int) and version < 4:
        notes.append(f"converted from the old notebook format v{version} to v4")
    if problems:
        notes.append("the notebook does not fully match the notebook format; graded anyway")
    return notebook, notes


@contextlib.contextmanager
def _quiet():
    """Silence nbformat's warnings and log lines about a submission's format (we report them)."""
    logger = logging.getLogger("traitlets")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _drop_outputs(raw: dict) -> None:
    """Forget stored outputs (a submitted file may carry megabytes of them); v4 and v3 layouts."""
    counter = "execution_count"
    cells = list(raw.get("cells") or [])
    for sheet in raw.get("worksheets") or []:
        counter = "prompt_number"
        if isinstance(sheet, dict):
            cells.extend(sheet.get("cells") or [])
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell[counter] = None


def assigned_variables(notebook, variables) -> dict[str, list[int]]:
    """For each answer variable some code cell assigns, the indices of those cells."""
    found: dict[str, list[int]] = {}
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        for name in variables:
            pattern = rf"^[ \t]*(?:[\w, \t]*,[ \t]*)?{re.escape(name)}[ \t]*(?::[^=\n]*)?=(?!=)"
            if re.search(pattern, cell.source, re.M):
                found.setdefault(name, []).append(index)
    return found


# ---------------------------------------------------------------------------------------
# Answer values across the kernel boundary: tagged JSON


def encode_value(value, depth=0, budget=None):
    """Encode one answer value as tagged JSON data (runs inside the student's kernel).

    Only the standard library is imported; pandas and numpy are used when the kernel has
    already imported them. Floats travel as ``repr`` strings (NaN and infinity survive),
    frames column by column. Anything else becomes ``{"t": "unsupported"}`` with its type.

    Raises
    ------
    ValueError
        When the value is nested too deeply or is too large to grade.
    """
    import datetime
    import sys

    budget = [200_000] if budget is None else budget
    budget[0] -= 1
    if budget[0] < 0:
        raise ValueError("the answer is too large to grade (over 200,000 items)")
    if depth > 30:
        raise ValueError("the answer is nested too deeply to grade")
    pd, np = sys.modules.get("pandas"), sys.modules.get("numpy")

    def enc(item):
        return encode_value(item, depth + 1, budget)

    if value is None or value is Ellipsis:
        return {"t": "none" if value is None else "ellipsis"}
    if isinstance(value, bool) or (np is not None and isinstance(value, np.bool_)):
        return {"t": "bool", "v": bool(value)}
    if isinstance(value, int) or (np is not None and isinstance(value, np.integer)):
        return {"t": "int", "v": int(value)}
    if isinstance(value, float) or (np is not None and isinstance(value, np.floating)):
        return {"t": "float", "v": repr(float(value))}
    if isinstance(value, str):
        if len(value) > 100_000:
            raise ValueError("the text is too long to grade (over 100,000 characters)")
        return {"t": "str", "v": value}
    if pd is not None and (value is pd.NA or value is pd.NaT):
        return {"t": "na"}
    if pd is not None and isinstance(value, pd.Timestamp):
        return {"t": "timestamp", "v": value.isoformat()}
    if isinstance(value, datetime.datetime):
        return {"t": "datetime", "v": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"t": "date", "v": value.isoformat()}
    if np is not None and isinstance(value, np.datetime64):
        return {"t": "timestamp", "v": str(value)}
    if pd is not None and isinstance(value, pd.DataFrame):
        return {"t": "frame", "columns": [enc(c) for c in value.columns],
                "index": [enc(i) for i in value.index], "index_names": [enc(n) for n in value.index.names],
                "data": [[enc(x) for x in value.iloc[:, j].tolist()] for j in range(value.shape[1])]}
    if pd is not None and isinstance(value, pd.Series):
        return {"t": "series", "name": enc(value.name), "index": [enc(i) for i in value.index],
                "index_names": [enc(n) for n in value.index.names], "values": [enc(x) for x in value.tolist()]}
    if pd is not None and isinstance(value, pd.Index):
        return {"t": "index", "v": [enc(x) for x in value.tolist()]}
    if np is not None and isinstance(value, np.ndarray):
        return {"t": "ndarray", "v": [enc(x) for x in value.tolist()]}
    for kind in (list, tuple, set, frozenset):
        if isinstance(value, kind):
            items = sorted(value, key=repr) if kind in (set, frozenset) else value
            return {"t": kind.__name__, "v": [enc(x) for x in items]}
    if isinstance(value, dict):
        return {"t": "dict", "v": [[enc(k), enc(v)] for k, v in value.items()]}
    try:
        text = repr(value)[:200]
    except Exception:
        text = "?"
    return {"t": "unsupported", "type": type(value).__name__, "module": type(value).__module__, "repr": text}


def _harvest(user_ns, names, path):
    """Write the answer variables to ``path`` (runs inside the student's kernel)."""
    import json

    out = {}
    for name in names:
        if name not in user_ns:
            continue
        try:
            out[name] = encode_value(user_ns[name])
        except Exception as exc:
            out[name] = {"t": "unreadable", "error": f"{type(exc).__name__}: {exc}"[:300]}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(out, handle, ensure_ascii=False)


def harvest_source(names, path) -> str:
    """The grader's cell: define the encoder in a fresh namespace and write the answers."""
    program = inspect.getsource(encode_value) + "\n" + inspect.getsource(_harvest)
    call = f"_harvest(_user_ns, {list(names)!r}, {str(path)!r})"
    return (f"exec(compile({program + call!r}, '<grader>', 'exec'), "
            "{'__builtins__': __builtins__, '_user_ns': globals()})")


class Unreadable:
    """An answer the grader could not turn back into a value; ``reason`` says why."""

    def __init__(self, reason: str):
        self.reason = reason

    def __repr__(self) -> str:
        return f"<unreadable answer: {self.reason}>"


def decode_value(node):
    """Turn tagged JSON from :func:`encode_value` back into a value (grader side).

    Never runs student code and never raises: anything malformed becomes
    :class:`Unreadable`.
    """
    try:
        return _decode(node, 0)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, OverflowError, RecursionError):
        return Unreadable("the grader could not decode this value")


def _decode(node, depth: int):
    if depth > 40:
        raise ValueError("nested too deeply")
    return _DECODERS[node["t"]](node, lambda item: _decode(item, depth + 1))


def _int(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("not an int")
    return value


def _timestamp(text: str):
    import pandas as pd

    return pd.Timestamp(text)


def _index(node, dec):
    import pandas as pd

    values = [dec(i) for i in node["index"]]
    names = [dec(n) for n in node["index_names"]]
    if len(names) > 1:
        return pd.MultiIndex.from_tuples(values, names=names)
    return pd.Index(values, name=names[0] if names else None)


def _frame(node, dec):
    import pandas as pd

    columns = [dec(c) for c in node["columns"]]
    data = {j: [dec(x) for x in column] for j, column in enumerate(node["data"])}
    frame = pd.DataFrame(data, index=_index(node, dec))
    frame.columns = pd.Index(columns)
    return frame


def _series(node, dec):
    import pandas as pd

    return pd.Series([dec(x) for x in node["values"]], index=_index(node, dec), name=dec(node["name"]))


def _pandas_index(node, dec):
    import pandas as pd

    return pd.Index([dec(x) for x in node["v"]])


def _ndarray(node, dec):
    import numpy as np

    return np.array([dec(x) for x in node["v"]])


_DECODERS = {
    "none": lambda node, dec: None,
    "na": lambda node, dec: None,
    "ellipsis": lambda node, dec: Ellipsis,
    "bool": lambda node, dec: bool(node["v"]),
    "int": lambda node, dec: _int(node["v"]),
    "float": lambda node, dec: float(node["v"]),
    "str": lambda node, dec: str(node["v"]),
    "timestamp": lambda node, dec: _timestamp(node["v"]),
    "datetime": lambda node, dec: dt.datetime.fromisoformat(node["v"]),
    "date": lambda node, dec: dt.date.fromisoformat(node["v"]),
    "list": lambda node, dec: [dec(x) for x in node["v"]],
    "tuple": lambda node, dec: tuple(dec(x) for x in node["v"]),
    "set": lambda node, dec: {dec(x) for x in node["v"]},
    "frozenset": lambda node, dec: frozenset(dec(x) for x in node["v"]),
    "dict": lambda node, dec: {dec(k): dec(v) for k, v in node["v"]},
    "index": _pandas_index,
    "ndarray": _ndarray,
    "frame": _frame,
    "series": _series,
    "unsupported": lambda node, dec: Unreadable(f"it is a {str(node.get('type'))[:60]} object, which the "
                                                "grader cannot read"),
    "unreadable": lambda node, dec: Unreadable(str(node.get("error", ""))[:300]),
}


# ---------------------------------------------------------------------------------------
# Running a notebook


def scratch_root() -> Path:
    """The folder that holds this user's grading scratch folders (``<pid>-<random>`` each)."""
    root = Path(tempfile.gettempdir()) / f"summit-grade-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


def remove_stale_scratch() -> int:
    """Delete scratch folders whose worker process is gone (it was killed mid-run); return how many."""
    if os.name != "posix":  # os.kill(pid, 0) only probes a process on POSIX
        return 0
    removed = 0
    for folder in scratch_root().iterdir():
        pid = folder.name.split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _kernelspec(folder: Path, memory_mb: int) -> Path:
    """Write the capped kernel's kernelspec under ``folder``; return the kernels folder."""
    kernels = folder / "kernels"
    spec = kernels / KERNEL_NAME
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "summit_course.capped_kernel", "--memory-mb", str(memory_mb),
            "-f", "{connection_file}", "--HistoryManager.enabled=False"]
    spec.joinpath("kernel.json").write_text(json.dumps({
        "argv": argv, "display_name": "Summit grader (memory-capped)", "language": "python",
        "interrupt_mode": "signal", "metadata": {"debugger": False},
    }), encoding="utf-8")
    return kernels


def _kernel_env(work: Path, datasets: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JPY_", "PYTHONSTARTUP"))}
    mpl = os.environ.get("MPLCONFIGDIR") or str(Path.home() / ".cache" / "matplotlib")
    env.update(HOME=str(work), IPYTHONDIR=str(work / ".ipython"), MPLCONFIGDIR=mpl,
               OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               PYTHONDONTWRITEBYTECODE="1")
    if datasets is not None:
        env["SUMMIT_DATA"] = str(datasets)
    else:
        env.pop("SUMMIT_DATA", None)
    return env


@functools.lru_cache(maxsize=1)
def _client_class():
    """NotebookClient that keeps no outputs (a 50 MB print costs nothing) but counts them."""
    from nbclient import NotebookClient

    class GradingClient(NotebookClient):
        output_bytes = 0

        def output(self, outs, msg, display_id, cell_index):
            content = msg.get("content", {})
            data = content.get("data") or {}
            self.output_bytes += len(content.get("text", "")) + sum(len(str(v)) for v in data.values())
            return None

    return GradingClient


@dataclass
class _Attempt:
    """One execution attempt: where it stopped, and what it recorded."""

    current: int = -1
    errors: list = field(default_factory=list)
    fatal: str = ""
    output_bytes: int = 0


async def _execute(notebook, scratch: Path, env: dict, limits: Limits, attempt: _Attempt) -> None:
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from nbclient.exceptions import DeadKernelError

    kernels = _kernelspec(scratch / "kernel", limits.memory_mb)
    # IPC sockets (where the OS has them) avoid the TCP port races of many parallel kernels;
    # a short path keeps them within the 104-byte limit of socket paths on macOS.
    transport = {"transport": "ipc", "ip": str(scratch / "k")} if os.name == "posix" else {}
    km = AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]),
                            connection_file=str(kernels / "connection.json"), **transport)

    def started(cell, cell_index):
        attempt.current = cell_index

    def failed(cell, cell_index, execute_reply):
        content = execute_reply.get("content", {})
        attempt.errors.append({"cell": cell_index, "ename": str(content.get("ename", ""))[:100],
                               "evalue": str(content.get("evalue", ""))[:300]})

    client = _client_class()(
        notebook, km=km, timeout=max(1, int(math.ceil(limits.cell_timeout))), allow_errors=True,
        interrupt_on_timeout=True, shutdown_kernel="immediate", record_timing=False,
        error_on_timeout={"ename": TIMEOUT_ERROR, "evalue": f"the cell ran longer than {limits.cell_timeout:g} s",
                          "traceback": []},
        on_cell_start=started, on_cell_error=failed, resources={"metadata": {"path": str(scratch / "work")}},
    )
    try:
        with open(kernels / "kernel.log", "wb") as log:
            run = asyncio.ensure_future(client.async_execute(cleanup_kc=True, env=env, stdout=log, stderr=log))
            # Not asyncio.wait_for: nbclient turns the cancellation into DeadKernelError, which
            # would report a notebook that ran out of time as one that killed its kernel.
            done, _ = await asyncio.wait({run}, timeout=limits.notebook_timeout)
            if not done:
                attempt.fatal = "timeout"
                run.cancel()
                await asyncio.gather(run, return_exceptions=True)
            elif isinstance(run.exception(), DeadKernelError):
                attempt.fatal = "dead"
            else:
                run.result()
    finally:
        attempt.output_bytes += client.output_bytes
        try:
            if km.has_kernel:
                await km.shutdown_kernel(now=True)
        except Exception:  # already gone
            pass


def _run_once(notebook, names, datasets: Path | None, limits: Limits, attempt: _Attempt) -> dict | str:
    """Execute ``notebook`` plus the harvest cell; return the answers or why there are none."""
    import nbformat

    scratch = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=scratch_root()))
    try:
        work = scratch / "work"
        work.mkdir()
        copied = None
        if datasets is not None and datasets.is_dir():
            copied = work / "datasets"
            shutil.copytree(datasets, copied)
        answers = scratch / f"answers-{secrets.token_hex(8)}.json"
        notebook = nbformat.from_dict(notebook)
        notebook.cells.append(nbformat.v4.new_code_cell(harvest_source(names, answers)))
        asyncio.run(_execute(notebook, scratch, _kernel_env(work, copied), limits, attempt))
        if attempt.fatal:
            return ""
        if not answers.is_file():
            grader_errors = [e for e in attempt.errors if e["cell"] == len(notebook.cells) - 1]
            why = f" ({grader_errors[0]['ename']}: {grader_errors[0]['evalue']})" if grader_errors else ""
            return f"the grader could not read the answers out of the kernel{why}"
        if answers.stat().st_size > ANSWERS_MAX_BYTES:
            return "the answer values are too large to grade (over 50 MB)"
        try:
            return json.loads(answers.read_text("utf-8"))
        except (ValueError, RecursionError):
            return "the answer values could not be read back (damaged JSON)"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _culprit(attempt: _Attempt) -> int:
    """The cell to blame: the first that timed out (a kernel that ignores the interrupt
    stays busy with it, so every later cell times out too), else the one running."""
    if attempt.fatal == "timeout":
        timed_out = [e["cell"] for e in attempt.errors if e["ename"] == TIMEOUT_ERROR]
        if timed_out:
            return timed_out[0]
    return attempt.current


def _describe_fatal(notebook, index: int, fatal: str, limits: Limits) -> tuple[str, str]:
    """Say where a run stopped (``cell 4 (`while True:`)``) and why."""
    what = ("stopped the kernel (it exited, crashed or ran out of memory)" if fatal == "dead"
            else f"was still running when the notebook's {limits.notebook_timeout:g} s limit ran out")
    if 0 <= index < len(notebook.cells):
        first = (notebook.cells[index].source.strip().splitlines() or [""])[0][:60]
        return f"cell {index + 1} (`{first}`)", what
    if index < 0:
        return "the kernel, before any cell ran,", what.replace("stopped the kernel ", "stopped ")
    return "the grader's own cell", what


def _error_notes(errors: list[dict], notebook, limits: Limits) -> list[str]:
    """Notes on cells the grader's limits stopped (timeouts, the memory cap)."""
    notes = []
    for error in errors:
        where, _ = _describe_fatal(notebook, error["cell"], "", limits)
        if error["ename"] == TIMEOUT_ERROR:
            notes.append(f"{where} ran longer than {limits.cell_timeout:g} s and was interrupted")
        elif error["ename"] == "MemoryError":
            notes.append(f"{where} ran out of memory (the limit is {limits.memory_mb} MB)")
    return notes


def _skip(notebook, index: int, why: str):
    import nbformat

    copy = nbformat.from_dict(notebook)
    copy.cells[index].source = SKIPPED_CELL.format(why=why)
    return copy


def run_notebook(name: str, data: bytes, names, datasets: Path | None, limits: Limits) -> NotebookRun:
    """Read, execute and harvest one notebook; see the module docstring.

    Parameters
    ----------
    name : str
        The notebook's file name (for messages).
    data : bytes
        The file's content.
    names : sequence of str
        The answer variables to read.
    datasets : Path or None
        The ``datasets/`` folder to copy into the scratch folder.
    limits : Limits
        Timeouts and memory cap.
    """
    start = time.monotonic()
    run = NotebookRun(name)
    try:
        notebook, run.notes = read_notebook(data)
    except NotReadable as exc:
        run.failure = f"{name}: {exc}"
        return run
    run.assigned = assigned_variables(notebook, names)
    if not run.assigned:
        run.failure = (f"{name} has none of this assignment's answer cells "
                       f"({', '.join(names[:6])}{' …' if len(names) > 6 else ''}); is it for another lesson?")
        return run
    result: dict | str = ""
    original = notebook
    for attempt_number in (1, 2):
        attempt = _Attempt()
        result = _run_once(notebook, names, datasets, limits, attempt)
        run.cell_errors = attempt.errors
        if attempt.output_bytes > 10 * 1024 * 1024:
            run.notes.append(f"the cells printed {attempt.output_bytes / 1024 / 1024:.0f} MB of output "
                             "(not kept)")
        if not attempt.fatal:
            break
        culprit = _culprit(attempt)
        where, what = _describe_fatal(original, culprit, attempt.fatal, limits)
        if attempt_number == 2 or not 0 <= culprit < len(original.cells):
            result = f"{where} {what}; no answers could be read"
            break
        run.notes.append(f"{where} {what}; it was skipped and the notebook run again")
        notebook = _skip(notebook, culprit, "stopped the kernel" if attempt.fatal == "dead" else "ran too long")
    run.notes += _error_notes(run.cell_errors, original, limits)
    if isinstance(result, dict):
        run.answers = {k: v for k, v in result.items() if k in names and isinstance(v, dict)}
    else:
        run.failure = f"{name}: {result}" if result else f"{name}: no answers could be read"
    run.seconds = time.monotonic() - start
    return run


def execute_submission(task: SubmissionTask) -> SubmissionRun:
    """Run every notebook of one submission; the grading pool's task function. Never raises."""
    result = SubmissionRun(task.student)
    try:
        datasets = Path(task.datasets) if task.datasets else None
        for name, data in task.notebooks:
            result.runs.append(run_notebook(name, data, list(task.variables), datasets, task.limits))
    except Exception as exc:  # the grader's own fault (no kernel, disk full): retried next run
        result.grader_error = f"{type(exc).__name__}: {exc}"[:500]
    return result
