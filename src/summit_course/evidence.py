"""The course's evidence scale: what kind of evidence a claim or an event rests on.

One ordered list, used by the datasets (``events.certainty``, ``claims.evidence_kind``),
the lessons and the widgets; lesson 00 teaches it. The order is a choice the course makes
and asks students to argue with (lesson 07), not a fact. A row is coded by what it *rests
on*, not by who relays it, and a level never says whether the row is true. The meanings
below are, word for word, the table in ``datasets/coding-rules.md``, whose rules E1-E6 say which
level each row gets (a test keeps the two the same).
"""

from __future__ import annotations

import pandas as pd

__all__ = ["EVIDENCE_LEVELS", "evidence_scale"]

EVIDENCE_LEVELS: dict[str, str] = {
    "official_record": (
        "A vote, a signature, a decree, a published text, or an official's words on the "
        "record about their own side's acts. It shows that the act took place or the words "
        "were said, not that they are true."
    ),
    "news_report": (
        "What a news outlet reports on its own authority: what its reporters saw, its "
        "counts and dates, its unnamed sources, any change it makes to what it passes on, "
        "and its mistakes. Not an official record."
    ),
    "state_media_claim": (
        "What a government's own media (KCNA, Rodong Sinmun, TASS, RIA Novosti, Sputnik) say "
        "in their own voice about their own side, with nothing independent to back that detail."
    ),
    "intelligence_assessment": (
        "What a government, its intelligence service or defence ministry, or a team of "
        "governments says about another side's hidden acts, on evidence the public cannot "
        "check, even if said on the record."
    ),
    "expert_judgement": (
        "A reading of the evidence, made openly and with reasons, by someone not speaking "
        "for a party: an analyst, a research group, a body of experts such as a UN panel, "
        "or a writer giving a verdict."
    ),
    "speculation": (
        'A guess about what might happen or what something might mean, marked as a guess by '
        'a word of possibility such as "may", "might", "could" or "if".'
    ),
}


def evidence_scale() -> pd.DataFrame:
    """The scale as a table: rank (1 = the course puts it first), level and meaning."""
    return pd.DataFrame(
        {"rank": range(1, len(EVIDENCE_LEVELS) + 1),
         "level": list(EVIDENCE_LEVELS),
         "meaning": list(EVIDENCE_LEVELS.values())}
    ).set_index("rank")
