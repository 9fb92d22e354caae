"""Compile the instructor's exercise sources into the hashed registry students get.

Instructor side: ``solutions/exercises/*.toml`` holds each exercise with its model
answer (``answer`` or a pandas ``answer_expr`` over the datasets), hints, rubric and
hidden checks. This module evaluates the answers, hashes their canonical forms with the
exercise's salt, adds the public structure (columns, row count, list length) and writes
``src/summit_course/exercises.json``. Answers, rubrics and hidden checks stay behind.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .. import keys
from ..data import load
from .declarations import ExerciseError, read_declarations
from .outline import in_notebook_order

__all__ = ["ExerciseError", "compile_registry", "instructor_exercises", "model_answer", "REGISTRY_PATH"]

REGISTRY_PATH = Path(__file__).parent.parent / "exercises.json"
PUBLIC_FIELDS = ("id", "lesson", "variable", "kind", "points", "objective", "prompt", "hints")
SPEC_FIELDS = (
    "decimals", "min", "max", "unit", "options", "items", "left", "right", "ordered",
    "index", "min_words", "max_words", "self_check", "labels",
)


def instructor_exercises(source_dir: Path) -> list[dict]:
    """Read every ``*.toml`` exercise source in ``source_dir``: by lesson, then in notebook order.

    Raises
    ------
    ExerciseError
        When a file does not parse or an exercise lacks a field, misspells one or its
        ``kind``, or has a hidden check that does not compile; it lists every problem.
    """
    entries, problems = read_declarations(source_dir)
    if problems:
        raise ExerciseError(problems)
    return in_notebook_order(entries, Path(source_dir).parent)


def model_answer(entry: dict):
    """Evaluate an exercise's model answer (a literal, or an expression over the data)."""
    if "answer_expr" in entry:
        return eval(entry["answer_expr"], {"load": load, "pd": pd})  # instructor's own code
    return entry.get("answer")


def _accepted_forms(entry: dict, answer, spec: dict) -> list[str]:
    kind = entry["kind"]
    answers = [answer, *entry.get("also_accept", [])]
    forms = {keys.canonical(kind, answer, spec) for answer in answers}
    if kind == "number":  # tolerance: `tolerance` units (default one) in the last kept decimal either way
        step = 10 ** -spec.get("decimals", 3)
        units = range(1, entry.get("tolerance", 1) + 1)
        for answer in answers:
            forms |= {keys.canonical(kind, answer + n * d, spec) for n in units for d in (-step, step)}
    return sorted(forms)


def _public_structure(entry: dict, answer, spec: dict) -> dict:
    kind = entry["kind"]
    if kind in ("frame", "series"):
        frame = keys.frame_of(answer)
        columns = frame.reset_index().columns if spec.get("index") else frame.columns
        return {"columns": [str(c) for c in columns], "rows": len(frame)}
    if kind in ("set", "list", "order"):
        return {"length": len(answer)}
    if kind == "match":  # each pair hashed apart, so a check can say how many are right (never which)
        return {"left": sorted(answer), "pairs": sorted(set(keys.pair_digests(entry["id"], answer, spec)))}
    return {}


def _foreseen(entry: dict, spec: dict, accepted: list[str]) -> list[list[str]]:
    """Each foreseen wrong answer, hashed apart from the key, with what ``check()`` says to it."""
    found = []
    for mistake in entry["mistakes"]:
        form = keys.canonical(entry["kind"], mistake["answer"], spec)
        if form in accepted:
            raise ExerciseError([f"exercise {entry['id']}: the mistake {mistake['answer']!r} is a right answer"])
        found.append([keys.mistake_digest(entry["id"], form), mistake["say"]])
    return found


def compile_entry(entry: dict) -> dict:
    """Turn one instructor entry into its public, hashed registry form."""
    public = {k: entry[k] for k in PUBLIC_FIELDS if k in entry}
    spec = {k: entry[k] for k in SPEC_FIELDS if k in entry}
    if entry["kind"] != "written":
        answer = model_answer(entry)  # evaluated once: it may load and query the datasets
        spec.update(_public_structure(entry, answer, spec))
        forms = _accepted_forms(entry, answer, spec)
        public["accept"] = [keys.digest(entry["id"], f) for f in forms]
        if entry.get("mistakes"):
            spec["mistakes"] = _foreseen(entry, spec, forms)
    public["spec"] = spec
    return public


def compile_registry(source_dir: Path) -> list[dict]:
    """Compile every exercise source into registry entries."""
    return [compile_entry(entry) for entry in instructor_exercises(source_dir)]


def registry_text(source_dir: Path) -> str:
    """The registry as the JSON text stored in the package."""
    return json.dumps(compile_registry(source_dir), indent=1, ensure_ascii=False) + "\n"


def write_registry(source_dir: Path, target: Path = REGISTRY_PATH) -> bool:
    """Write the registry; return True when the file changed."""
    text = registry_text(source_dir)
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    target.write_text(text, encoding="utf-8")
    return True
