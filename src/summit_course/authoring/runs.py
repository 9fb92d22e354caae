"""Execute a solution notebook, storing its outputs, and remember what the run depended on.

A solution's stored outputs (strict nbval compares them) depend on its code, on the
exercises it checks (their keys and hints, in the registry), on the datasets it reads, and,
for a notebook that shows ``progress()``, on the course's list of exercises. Each run
records a fingerprint of those inputs in ``solutions/run-record.json``; :func:`stale_runs`
compares them with the course as it is now and says, for each notebook, what changed.
Which data files a run reads is watched while it runs (an audit hook in the kernel notes
every file it opens under ``datasets/``), so a widget's own ``load()`` counts too.

A run talks to its kernel over IPC sockets in a scratch folder where the system has them, as
grading does (no TCP port, so no "Kernel is running over TCP without encryption" line), and
stores each widget's view under a model id made from its cell, so that running a solution
again changes nothing in its file unless an output changed (strict nbval skips widget views
anyway; their state, random too, is not stored).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

from .exercises import REGISTRY_PATH
from .lessons import Course
from .outline import called_ids, notebook_json

__all__ = ["RECORD_NAME", "fingerprint", "run_solution", "stable_widget_ids", "stale_runs", "write_record"]

RECORD_NAME = "run-record.json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: A cell that shows these reads the whole course's list of exercises.
COURSE_WIDE = re.compile(r"\bprogress\(")
_WATCH = """
def _summit_watch(folder, log):
    import io, os, sys
    seen = set()
    def hook(event, args):
        if event != "open" or not args or isinstance(args[0], int):
            return
        try:
            path = os.path.realpath(os.fsdecode(os.fspath(args[0])))
        except (TypeError, ValueError):
            return
        if path.startswith(folder + os.sep) and path not in seen:
            seen.add(path)
            with io.open(log, "a", encoding="utf-8") as handle:
                handle.write(path + "\\n")
    sys.addaudithook(hook)
"""


def _digest(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else "missing"


def _code(notebook: dict) -> str:
    return "\n\0".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                       for c in notebook.get("cells", []) if c.get("cell_type") == "code")


def fingerprint(course: Course, path: Path, registry: list[dict], datasets: list[str]) -> dict:
    """What one solution's outputs depend on now: its code, its exercises, the data files named."""
    notebook = notebook_json(path)
    entries = {e["id"]: e for e in registry}
    ids = [e["id"] for e in registry if e["lesson"] == path.stem] + called_ids(notebook)
    record = {
        "code": _digest(_code(notebook)),
        "exercises": {i: _digest(entries[i]) if i in entries else "unknown" for i in dict.fromkeys(ids)},
        "datasets": {name: _file_digest(course.datasets / name) for name in sorted(datasets)},
    }
    if COURSE_WIDE.search(_code(notebook)):
        record["course"] = _digest([(e["lesson"], e["id"], len(e.get("hints", []))) for e in registry])
    return record


def _record_path(course: Course) -> Path:
    return course.solutions / RECORD_NAME


def read_record(course: Course) -> dict:
    """The fingerprints of the last runs, by notebook file name (empty when there is no record)."""
    path = _record_path(course)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def write_record(course: Course, path: Path, registry: list[dict], datasets: list[str]) -> None:
    """Remember what the run of ``path`` that just finished depended on."""
    record = read_record(course)
    record[path.name] = fingerprint(course, path, registry, datasets)
    record = {name: record[name] for name in sorted(record) if (course.solutions / name).is_file()}
    _record_path(course).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _changes(old: dict, new: dict) -> list[str]:
    reasons = []
    if old.get("code") != new["code"]:
        reasons.append("its code cells changed")
    for name, digest in new["datasets"].items():
        if old["datasets"].get(name) != digest:
            reasons.append(f"datasets/{name} changed")
    before, now = old.get("exercises", {}), new["exercises"]
    for exercise_id, digest in now.items():
        if exercise_id not in before:
            reasons.append(f"exercise {exercise_id} is new")
        elif before[exercise_id] != digest:
            reasons.append(f"exercise {exercise_id}'s key, hints or options changed" if digest != "unknown"
                           else f"exercise {exercise_id} is no longer declared")
    reasons += [f"exercise {i} was removed" for i in before if i not in now]
    if old.get("course") != new.get("course"):
        reasons.append("the course's list of exercises changed (it shows progress())")
    return reasons


def stale_runs(course: Course, registry: list[dict]) -> dict[Path, list[str]]:
    """Each solution whose stored outputs may be out of date, with the reasons, in words."""
    record = read_record(course)
    stale = {}
    for path in course.notebooks():
        old = record.get(path.name)
        if old is None:
            stale[path] = ["no record of a run with `summit-course run` or `build`"]
            continue
        reasons = _changes(old, fingerprint(course, path, registry, list(old.get("datasets", {}))))
        if reasons:
            stale[path] = reasons
    return stale


def stable_widget_ids(notebook) -> None:
    """Give each stored widget view a model id made from its cell's id and place, not a random one."""
    for number, cell in enumerate(notebook.cells):
        for index, output in enumerate(cell.get("outputs", [])):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if isinstance(view, dict) and "model_id" in view:
                seed = f"{cell.get('id', number)}/{index}".encode("utf-8")
                view["model_id"] = hashlib.sha256(seed).hexdigest()[:32]


def _kernel_config(scratch: str):
    """The kernel manager's settings: IPC sockets in ``scratch`` where the system has them (TCP elsewhere)."""
    from traitlets.config import Config

    return Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(scratch, "k")}}) if os.name == "posix" \
        else Config()


def run_solution(course: Course, path: Path, timeout: int = 120) -> list[str]:
    """Execute a solution notebook in place with nbclient, storing its outputs.

    The kernel gets a fresh learner's journal, so what ``progress()`` shows depends on this
    lesson alone (as under nbval, see tests/journal_plugin.py), and reads the course's own
    registry: both through the kernel's own environment (this process's, with those two set),
    which nbclient hands to jupyter_client's kernel manager. Returns the data files (relative
    to ``datasets/``) the run opened.
    """
    import nbformat
    from nbclient import NotebookClient

    from ..journal import ENV_VAR
    from ..registry import REGISTRY_VAR

    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:  # timings change on every run and are not part of the source
        cell.metadata.pop("execution", None)
    folder = os.path.realpath(course.datasets)
    with tempfile.TemporaryDirectory(prefix="summit-run-") as scratch:
        log = Path(scratch) / "reads.txt"
        env = {**os.environ, ENV_VAR: str(Path(scratch) / "journal.jsonl")}
        if course.registry.resolve() != REGISTRY_PATH.resolve():
            env[REGISTRY_VAR] = str(course.registry)
        watch = f"exec({_WATCH!r}); _summit_watch({folder!r}, {str(log)!r}); del _summit_watch"
        NotebookClient(notebook, timeout=timeout, kernel_name="python3", record_timing=False,
                       extra_arguments=[f"--IPKernelApp.exec_lines={json.dumps([watch])}"],
                       resources={"metadata": {"path": str(path.parent)}},
                       config=_kernel_config(scratch)).execute(env=env)
        reads = log.read_text(encoding="utf-8").splitlines() if log.is_file() else []
    notebook.metadata.pop("widgets", None)  # widget state is not part of the source
    stable_widget_ids(notebook)
    path.write_text(nbformat.writes(notebook).rstrip("\n") + "\n", encoding="utf-8")
    return sorted({os.path.relpath(p, folder) for p in reads})
