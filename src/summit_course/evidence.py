"""The course's evidence scale: what kind of evidence a claim or an event rests on.

One ordered list, used by the datasets (``events.certainty``, ``claims.evidence_kind``),
the lessons and the widgets; lesson 00 teaches it. The order is a choice the course makes
and asks students to argue with (lesson 07), not a fact. A row is coded by what it *rests
on*, not by who relays it, and a level never says whether the row is true.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["EVIDENCE_LEVELS", "evidence_scale"]

EVIDENCE_LEVELS: dict[str, str] = {
    "official_record": (
        "On the record: a vote, a signature, a published document, or words said "
        "publicly by a named official or an official body about its own acts. "
        "It shows that the act took place or the words were said."
    ),
    "news_report": (
        "What a news outlet itself reports: its own reporters, counts, unnamed "
        "sources, estimates or mistakes. Not an official record, even when the "
        "outlet is trusted."
    ),
    "state_media_claim": (
        "What a government's own media (KCNA, TASS, RIA, Sputnik) say in their own "
        "voice about their own side, with nothing independent to back that detail."
    ),
    "intelligence_assessment": (
        "An estimate by an intelligence service, a defence ministry or a monitoring "
        "team (or an official speaking for them), resting on evidence the public "
        "cannot check."
    ),
    "expert_judgement": "An analyst's reading of the evidence, made openly and with reasons.",
    "speculation": "A guess about what might happen or what something might mean.",
}


def evidence_scale() -> pd.DataFrame:
    """The scale as a table: rank (1 = the course puts it first), level and meaning."""
    return pd.DataFrame(
        {"rank": range(1, len(EVIDENCE_LEVELS) + 1),
         "level": list(EVIDENCE_LEVELS),
         "meaning": list(EVIDENCE_LEVELS.values())}
    ).set_index("rank")
