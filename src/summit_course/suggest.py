"""The "Did you mean ...?" that ends a message about a misspelled name, kind or code."""

from __future__ import annotations

import difflib

__all__ = ["did_you_mean"]


def did_you_mean(word, choices, cutoff: float = 0.6) -> str:
    """`` Did you mean 'host'?`` when one of ``choices`` is close to ``word`` (difflib), else ``""``.

    Parameters
    ----------
    word
        What was written; anything but a text gets no guess.
    choices
        The names or codes allowed (compared as texts).
    cutoff
        How close a choice must be, from 0 to 1 (difflib's ratio).
    """
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, [str(choice) for choice in choices], n=1, cutoff=cutoff)
    return f" Did you mean {close[0]!r}?" if close else ""
