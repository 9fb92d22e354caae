"""Read the exercise declarations (``solutions/exercises/NN-slug.toml``) and check what can be checked without running them.

Every fault is collected, not just the first, and each is one line naming the file, the
exercise and what to change: a TOML syntax error (with its line), a missing or misspelled
field, an unknown ``kind`` (with the close one), an id that does not belong to its lesson,
a hidden check or ``answer_expr`` that does not compile, a hidden check that reads a name it does
not have (read statically, so a typo on a branch the model answer never reaches is found too), an
id or answer variable used twice.
Running the answers and the hidden checks is :mod:`.verify`'s job.
"""

from __future__ import annotations

import keyword
import os
import re
import sys
from pathlib import Path

from ..registry import KINDS
from ..suggest import did_you_mean
from .hidden import check_namespace, stray_names

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["ExerciseError", "FIELDS", "missing_field", "where", "read_declarations"]

ID_PATTERN = re.compile(r"(\d+)\.(\w+)")
#: Every field an exercise may have, with the type its value must be.
FIELDS = {
    "id": str, "variable": str, "kind": str, "points": (int, float), "objective": str, "prompt": str,
    "hints": list, "answer": object, "answer_expr": str, "also_accept": list, "hidden": list,
    "partial": bool, "rubric": list, "lesson": str,
    "decimals": int, "min": (int, float, str), "max": (int, float, str), "unit": str, "options": list,
    "items": list, "left": list, "right": list, "ordered": bool, "index": bool, "min_words": int,
    "max_words": int, "self_check": list, "mistakes": list, "tolerance": int, "labels": list,
}
REQUIRED = ("id", "variable", "kind", "objective")
#: What a missing required field is for, after "add `name = ...`".
REQUIRED_HELP = {
    "variable": " (the answer variable the notebook assigns, such as `trip_days`)",
    "kind": f" (one of {', '.join(KINDS)})",
    "objective": ' (what the learner will be able to do, such as "Count the rows of a table": the class report '
                 "and the site show it)",
}
QUIZ_OPTIONS = {"choice": "options", "choices": "options", "order": "options", "match": "right"}
TEXT_LISTS = ("hints", "hidden", "rubric", "self_check")


class ExerciseError(ValueError):
    """One or more exercise declarations are broken; ``problems`` holds one line for each."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        count = f"{len(self.problems)} problem{'s' * (len(self.problems) != 1)}"
        super().__init__(f"{count} in the exercise files (nothing was built, released or graded):\n  "
                         + "\n  ".join(self.problems))


def where(path: Path, exercise_id=None) -> str:
    """``solutions/exercises/03-x.toml, exercise 3.8``: the file (relative to here when inside it) and the exercise."""
    try:
        shown = os.path.relpath(path)
        shown = str(path) if shown.startswith("..") else shown
    except ValueError:  # another drive on Windows
        shown = str(path)
    return f"{shown}, exercise {exercise_id}" if exercise_id is not None else shown


def _syntax_error(path: Path, text: str, exc: Exception) -> str:
    line = re.search(r"line (\d+)", str(exc))
    shown = ""
    if line and 0 < int(line.group(1)) <= len(text.splitlines()):
        shown = f" Line {line.group(1)} reads: {text.splitlines()[int(line.group(1)) - 1].strip()[:80]}"
    return f"{where(path)}: TOML syntax error: {exc}.{shown}"


def _compiles(expression: str) -> str | None:
    """None when ``expression`` compiles as a Python expression, else the SyntaxError in words."""
    try:
        compile(expression, "<exercise>", "eval")
    except SyntaxError as exc:
        return exc.msg
    return None


def _field_problems(entry: dict, lesson: str) -> list[str]:
    problems = [missing_field(name) for name in REQUIRED
                if name not in entry or (isinstance(entry[name], str) and not entry[name].strip())]
    for name, value in entry.items():
        if name not in FIELDS:
            problems.append(f"has an unknown field `{name}`.{did_you_mean(name, FIELDS)} (it would be ignored)")
        elif not isinstance(value, FIELDS[name]) or (FIELDS[name] == (int, float) and isinstance(value, bool)):
            problems.append(f"`{name}` should be {_type_words(FIELDS[name])}, not {type(value).__name__}")
    exercise_id, number = entry.get("id"), lesson[:2]
    match = ID_PATTERN.fullmatch(exercise_id) if isinstance(exercise_id, str) else None
    if isinstance(exercise_id, str) and not match:
        problems.append(f"id {exercise_id!r} should look like '{int(number) if number.isdigit() else 3}.4': "
                        "the lesson number, a dot, a label")
    elif match and number.isdigit() and int(match.group(1)) != int(number):
        problems.append(f"id {exercise_id!r} starts with {match.group(1)}, but the file is lesson {number}: "
                        f"use '{int(number)}.{match.group(2)}'")
    variable = entry.get("variable")
    if isinstance(variable, str) and (not variable.isidentifier() or keyword.iskeyword(variable)):
        problems.append(f"variable {variable!r} is not a Python name: use letters, digits and _")
    return problems


def missing_field(name: str) -> str:
    """What to say of an exercise without the required field ``name`` (or with it blank), and how to add it."""
    return f'has no `{name}`: add `{name} = "..."`{REQUIRED_HELP.get(name, "")}'


def _type_words(kind) -> str:
    names = {str: "a text in quotes", list: "a list [...]", bool: "true or false", int: "a whole number",
             (int, float): "a number", (int, float, str): "a number or a date in quotes"}
    return names.get(kind, "a value")


def _kind_problems(entry: dict) -> list[str]:
    kind = entry.get("kind")
    if not isinstance(kind, str):
        return []
    if kind not in KINDS:
        return [f"kind {kind!r} is not a kind.{did_you_mean(kind, KINDS)} Kinds: {', '.join(KINDS)}"]
    problems = []
    if kind != "written" and "answer" not in entry and "answer_expr" not in entry:
        problems.append("has no model answer: add `answer = ...` or `answer_expr = \"...\"`")
    if "answer" in entry and "answer_expr" in entry:
        problems.append("has both `answer` and `answer_expr`: keep one")
    if kind in QUIZ_OPTIONS and not entry.get(QUIZ_OPTIONS[kind]):
        problems.append(f"a {kind} quiz needs `{QUIZ_OPTIONS[kind]} = [...]`")
    return problems


def _code_problems(entry: dict) -> list[str]:
    problems = []
    expression = entry.get("answer_expr")
    if isinstance(expression, str) and _compiles(expression):
        problems.append(f"`answer_expr` does not compile ({_compiles(expression)}): `{expression[:80]}`")
    for name in TEXT_LISTS:
        values = entry.get(name)
        if isinstance(values, list) and not all(isinstance(v, str) for v in values):
            problems.append(f"every item of `{name}` should be a text in quotes")
    for mistake in entry.get("mistakes") or []:
        if not (isinstance(mistake, dict) and set(mistake) == {"answer", "say"} and isinstance(mistake["say"], str)):
            problems.append("each of `mistakes` should be `{ answer = <a wrong answer>, say = \"what leads to the "
                            "fix\" }`")
    for number, check in enumerate(entry.get("hidden") or [], 1):
        error = _compiles(check) if isinstance(check, str) else None
        if error:
            problems.append(f"hidden check {number} does not compile ({error}): `{check[:80]}`")
        elif isinstance(check, str) and stray_names(check):
            problems.append(_stray_problem(number, check))
    return problems


def _stray_problem(number: int, check: str) -> str:
    """A hidden check that reads a name it does not have: which, the close one, and what it has."""
    stray = stray_names(check)[0]
    has = [name for name in check_namespace(None, None) if not name.startswith("__")]
    return (f"hidden check {number} uses `{stray}`, which is not defined there.{did_you_mean(stray, has)} A hidden check "
            f"has {', '.join(has)} and the builtins: `{check[:80]}`")


def entry_problems(entry: dict, lesson: str) -> list[str]:
    """The static problems of one exercise declaration, each without its file and id."""
    return _field_problems(entry, lesson) + _kind_problems(entry) + _code_problems(entry)


def _read_file(path: Path) -> tuple[list[dict], list[str]]:
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [], [_syntax_error(path, text, exc)]
    problems = [f"{where(path)}: unknown table or key `{key}` (exercises are `[[exercise]]` tables)"
                for key in data if key != "exercise"]
    found = data.get("exercise", [])
    if not isinstance(found, list):
        return [], [*problems, f"{where(path)}: write each exercise as an `[[exercise]]` table"]
    entries = []
    for number, entry in enumerate(found, 1):
        entry.setdefault("lesson", path.stem)
        label = entry.get("id") if isinstance(entry.get("id"), str) else f"number {number} (no id)"
        problems += [f"{where(path, label)}: {p}." for p in entry_problems(entry, path.stem)]
        entries.append(entry)
    return entries, problems


def _repeated(entries: list[dict], field: str, source_dir: Path) -> list[str]:
    seen: dict[str, dict] = {}
    problems = []
    for entry in entries:
        value = entry.get(field)
        if isinstance(value, str) and value in seen:
            first = seen[value]
            problems.append(f"{where(source_dir / (entry['lesson'] + '.toml'), entry.get('id'))}: {field} "
                            f"{value!r} is already used by exercise {first.get('id')} ({first['lesson']}.toml); "
                            f"give this one its own {field}.")
        elif isinstance(value, str):
            seen[value] = entry
    return problems


def read_declarations(source_dir: Path) -> tuple[list[dict], list[str]]:
    """Every exercise declared in ``source_dir`` (files in name order) and every static problem found."""
    entries, problems = [], []
    for path in sorted(Path(source_dir).glob("*.toml")):
        found, wrong = _read_file(path)
        entries += found
        problems += wrong
    return entries, problems + _repeated(entries, "id", source_dir) + _repeated(entries, "variable", source_dir)
