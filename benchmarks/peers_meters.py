"""What ``bench_peers.py`` measures of each run besides its time: the memory and CPU of the run's process tree.

Memory is sampled every 50 ms over every descendant of this process: RSS (each process's
resident pages, shared ones counted once per process) and PSS (shared pages split between
the processes that share them, which is what a kernel forked from a template really adds),
as the peak of their sums and the peak of single processes per role. CPU is the run's whole
tree less the benchmark's own process: exact from a ``cpuacct`` cgroup of the benchmark's own
where this user may make one (root), else the sum of each descendant's CPU time as last sampled (short-lived processes
are missed, so it reads a little low).
"""

from __future__ import annotations

import contextlib
import os
import resource
import threading
import time
from collections import defaultdict
from pathlib import Path

import psutil

CPUACCT = Path("/sys/fs/cgroup/cpuacct")
ROLES = (("summit_course.grading.template", "template"), ("b'ready", "holder"),
         ("capped_kernel", "kernel"), ("ipykernel", "kernel"), ("multiprocessing", "worker"), ("bwrap", "bwrap"))


def role(process) -> str:
    """What a process is to the benchmark: template, holder, kernel, worker, bwrap or tool (the grader itself).

    A kernel forked from a template keeps the template's command line: only a worker's own
    child is the template.
    """
    try:
        line = " ".join(process.cmdline())
        name = next((name for mark, name in ROLES if mark in line), "tool")
        if name == "template" and "multiprocessing" not in " ".join(process.parent().cmdline()):
            return "kernel"
        return name
    except (psutil.Error, AttributeError):  # gone, or no parent any more
        return "other"


class CpuClock:
    """CPU seconds used by this process and all it starts (a cpuacct cgroup), or None where none can be made."""

    def __init__(self):
        self.folder = CPUACCT / f"bench-peers-{os.getpid()}"
        try:
            self.folder.mkdir()
            (self.folder / "cgroup.procs").write_text(str(os.getpid()))
        except OSError:
            self.folder = None

    def seconds(self) -> float | None:
        return None if self.folder is None else int((self.folder / "cpuacct.usage").read_text()) / 1e9

    def close(self) -> None:
        if self.folder is not None:
            with contextlib.suppress(OSError):
                (CPUACCT / "cgroup.procs").write_text(str(os.getpid()))
                self.folder.rmdir()  # busy while processes it started live on


class TreeMeter:
    """Sample the process tree during a run: peak RSS and PSS sums, per-role peaks, CPU time (see module doc)."""

    def __init__(self, clock: CpuClock, interval: float = 0.05):
        self.clock, self.interval = clock, interval
        self.peak_rss = self.peak_pss = 0
        self.roles = defaultdict(lambda: [0, 0])  # role -> [peak RSS, peak PSS] of one process
        self.role_pss = defaultdict(int)  # role -> peak PSS summed over that role's processes
        self._cpu = {}
        self._stop = threading.Event()

    def _sample(self):
        me = psutil.Process()
        while not self._stop.is_set():
            rss = pss = 0
            by_role = defaultdict(int)
            for child in me.children(recursive=True):
                try:
                    info = child.memory_full_info()
                    times = child.cpu_times()
                except psutil.Error:
                    continue
                rss, pss = rss + info.rss, pss + info.pss
                name = role(child)
                peaks = self.roles[name]
                peaks[0], peaks[1] = max(peaks[0], info.rss), max(peaks[1], info.pss)
                by_role[name] += info.pss
                self._cpu[child.pid] = times.user + times.system
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            for name, total in by_role.items():
                self.role_pss[name] = max(self.role_pss[name], total)
            time.sleep(self.interval)

    def __enter__(self):
        self._start_cpu, self._start_own = self.clock.seconds(), _own_cpu()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        end = self.clock.seconds()  # less this process's own (the sampler, and the execute loop's scoring)
        self.cpu = (end - self._start_cpu - (_own_cpu() - self._start_own) if end is not None
                    else sum(self._cpu.values()))


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
