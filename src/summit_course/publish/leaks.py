"""The leak scan: everything in a finished bundle that would reveal an answer.

A release is refused (and its folder deleted) when this finds anything: a solution
notebook or exercise source, a solution region, a rubric line, a hidden check, or a text
or date model answer, in any file of the bundle, inside zips and the wheel too.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..authoring.exercises import model_answer
from ..authoring.lessons import BEGIN
from ..keys import canonical, normalise_text

__all__ = ["leaks"]


def _text_files(folder: Path):
    """Yield ``(name, text)`` for every text file in ``folder``, looking inside zips and wheels."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(folder).as_posix()
        data = path.read_bytes()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    yield from _decoded(f"{name}!{member}", archive.read(member))
        else:
            yield from _decoded(name, data)


def _decoded(name: str, data: bytes):
    try:
        yield name, data.decode("utf-8")
    except UnicodeDecodeError:
        return


def leaks(folder, entries, scan_answers_in=None) -> list[str]:
    """Everything in a bundle that would reveal an answer; an empty list when clean.

    Looks for solution notebooks and exercise sources (by name), solution regions in
    notebooks, rubric lines and hidden checks (in every text file, inside zips too; hidden
    checks are not searched in the helper package's code, where generic expressions such
    as ``isinstance(value, int)`` occur for other reasons, and which the repository's own
    tests keep free of answers), and the text and date model answers. Lesson prose and
    data may legitimately mention an answer's words ("Vostochny"), so ``scan_answers_in``
    can limit the answer search to some top-level names; by default every file is searched.
    """
    folder = Path(folder)
    found = [f"{p.relative_to(folder)}: an instructor file" for p in folder.rglob("*")
             if p.suffix == ".toml" or "solutions" in p.relative_to(folder).parts]
    rubrics = [(f"a rubric line of {e['id']}", r) for e in entries for r in e.get("rubric", []) if len(r) >= 8]
    hidden = [(f"a hidden check of {e['id']}", h) for e in entries for h in e.get("hidden", []) if len(h) >= 8]
    answers = [(f"the answer to {e['id']}", form) for e in entries if e["kind"] in ("text", "date")
               for a in [model_answer(e), *e.get("also_accept", [])]
               for form in [canonical(e["kind"], a, {})] if len(form) >= 5]
    for name, text in _text_files(folder):
        top = name.split("/")[0].split("!")[0]
        in_code = top == "package" and name.endswith(".py")
        found += [f"{name}: {what}" for what, secret in rubrics + ([] if in_code else hidden) if secret in text]
        if name.endswith(".ipynb") and BEGIN in text:
            found.append(f"{name}: a solution region")
        if scan_answers_in is None or top in scan_answers_in:
            folded = normalise_text(text)
            found += [f"{name}: {what}" for what, answer in answers if answer in folded]
    return found
