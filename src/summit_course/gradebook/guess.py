"""The student an instructor meant by a name the gradebook does not hold ("zoe" for "Zoë Ωmega")."""

from __future__ import annotations

import difflib
import unicodedata

__all__ = ["guess_student"]


def _plain(name: str) -> str:
    """A name as typed on any keyboard: no accents, one case ("Zoë Ωmega" -> "zoe ωmega")."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


def guess_student(name: str, students: list[str]) -> str:
    """`` Did you mean 'Zoë Ωmega'?`` for "zoe": the same name without accents or case, a first name, or close."""
    typed = _plain(name).strip()
    same = [s for s in students if _plain(s) == typed or _plain(s).split()[:1] == [typed]]
    if same:
        return " Did you mean " + " or ".join(map(repr, same)) + "?"
    plain = {_plain(s): s for s in students}
    close = difflib.get_close_matches(typed, list(plain), n=1, cutoff=0.6)
    return f" Did you mean {plain[close[0]]!r}?" if close else ""
