"""Run each exercise's model answer through the checks a student's answer will meet, before anyone is graded.

For every exercise: the model answer (``answer`` or ``answer_expr``) evaluates over the
course's datasets, its key can be computed, it passes the public checks (the ones
``check()`` runs) and every hidden check (run exactly as the grader runs them), and no
public text of any exercise gives it away (:mod:`.giveaways`), and its ``variable`` is assigned by
a cell of its solution notebook (:mod:`.answer_cells`). A check the model answer
fails would give every correct student 0, so the build, a release and grading all stop on
it, with one line per problem naming the file and the exercise.

:func:`checked_exercises` (what build, a release and grading call) reads the declarations too
and lists every problem of every file at once: an exercise with a missing or wrong field is left out of the runs, and
the others are still run, so a mistake in one exercise never hides another exercise's (within one
exercise, a missing field keeps its model answer from running until it is fixed).
"""

from __future__ import annotations

from pathlib import Path

from ..checks import PASSED, check_exercise
from ..data import course_data
from ..registry import Exercise
from .answer_cells import unassigned_problems, undeclared_calls
from .declarations import ExerciseError, entry_problems, read_declarations, where
from .exercises import compile_entry, model_answer
from .giveaways import giveaway_problems
from .hidden import as_checked, hidden_results
from .outline import in_notebook_order

__all__ = ["checked_exercises", "exercise_problems"]


def _cut(text: str, limit: int = 120) -> str:
    """``text``'s first line, cut at a sentence (or a word) when longer than ``limit``."""
    text = text.splitlines()[0] if text else ""
    if len(text) > limit:
        sentence = max(text[:limit].rfind(end) for end in (". ", "? ", "! ", ": "))
        text = text[:sentence + 1] if sentence > 0 else text[:limit].rsplit(" ", 1)[0] + " …"
    return text


def _short(exc: Exception) -> str:
    """``DatasetError (There is no dataset called 'aim'. Did you mean 'aims'?)``: cut at a sentence or a word."""
    text = _cut(str(exc))
    return f"{type(exc).__name__} ({text})" if text else type(exc).__name__


def _hidden_problems(entry: dict, model, spec: dict) -> list[str]:
    value = as_checked(entry["kind"], model, spec)
    problems = []
    for number, check in enumerate(entry.get("hidden", []), 1):
        passed, errors = hidden_results([check], value, model)
        if errors:
            problems.append(f"hidden check {number} (`{check[:60]}`) raised {errors[0].split('raised ', 1)[-1]} "
                            "on the model answer: fix the expression")
        elif not passed:
            problems.append(f"hidden check {number} (`{check[:60]}`) is false for the model answer, so every "
                            "correct student would lose the points: fix the check or the answer")
    return problems


def _match_problems(entry: dict, model) -> list[str]:
    if entry["kind"] != "match" or not isinstance(model, dict):
        return []
    outside = [str(v) for v in model.values() if v not in entry.get("right", [])]
    return [f"the answer pairs an item with {outside[0]!r}, which is not in `right`"] if outside else []


def exercise_problems(entry: dict) -> list[str]:
    """What is wrong when one exercise's model answer meets its own checks (empty when nothing is)."""
    if entry["kind"] == "written":
        low, high = entry.get("min_words", 1), entry.get("max_words", 400)
        return [] if low <= high else [f"min_words ({low}) is more than max_words ({high})"]
    try:
        model = model_answer(entry)
    except Exception as exc:
        field = "answer_expr" if "answer_expr" in entry else "answer"
        return [f"`{field}` raised {_short(exc)}: fix the expression (it may use load and pd)"]
    try:
        public = Exercise.from_dict(compile_entry(entry))
    except Exception as exc:
        return [f"its key cannot be computed from the model answer, which raised {_short(exc)}: is the "
                f"answer of the kind {entry['kind']!r}?"]
    feedback = check_exercise(public, model)
    if feedback.status != PASSED:
        said = _cut(" ".join(m for m in feedback.messages if not m.startswith("Stuck?"))).rstrip(".:")
        return [f"the model answer fails the public check ({said}): fix the answer or the fields the check "
                "uses (min, max, options, decimals)"]
    return _match_problems(entry, model) + _hidden_problems(entry, model, public.spec)


def _run_problems(entries: list[dict], source_dir: Path, course_root: Path) -> list[str]:
    """Every problem found by running the exercises' model answers through their checks, one line each."""
    def at(entry: dict, problem: str) -> str:
        return f"{where(Path(source_dir) / (entry['lesson'] + '.toml'), entry['id'])}: {problem}."

    with course_data(course_root):
        problems = [at(entry, p) for entry in entries for p in exercise_problems(entry)]
        found = giveaway_problems(entries) + unassigned_problems(entries, Path(source_dir).parent)
        return problems + [at(entry, p) for entry, p in found]


def _file_of(problem: str) -> str:
    return problem.split(", exercise ", 1)[0].split(": ", 1)[0]


def checked_exercises(source_dir: Path, course_root: Path, only=None) -> list[dict]:
    """Every exercise declared in ``source_dir``, in notebook order, each checked against its model answer.

    ``only``: the ids whose model answers are run (a grader's assignment); default, all. The
    declarations of every file are checked whatever ``only`` says.

    Raises
    ------
    ExerciseError
        Listing every problem of every file, by file: those in the declarations and those of
        running the exercises whose declarations are sound.
    """
    entries, problems = read_declarations(source_dir)
    sound = [e for e in entries if not entry_problems(e, e["lesson"]) and (only is None or e.get("id") in only)]
    problems += _run_problems(sound, source_dir, course_root) + undeclared_calls(entries, Path(source_dir).parent)
    if problems:
        raise ExerciseError(sorted(problems, key=_file_of))
    return in_notebook_order(entries, Path(source_dir).parent)
