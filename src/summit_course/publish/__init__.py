"""Everything that leaves the instructor's hands: release bundles, JupyterLite, the website, feedback, the report.

``release`` writes a student bundle (lessons cut to the chosen exercises, datasets, the
helper package's ``wheel``, the files of ``bundle``) and refuses it if ``leaks`` finds an
answer in it; ``lite`` builds a JupyterLite site; ``site/`` the course website (a learner
and an instructor edition, with Sphinx); ``feedback`` writes one page per student
and ``report`` the class summary, both from the gradebook.
"""

from __future__ import annotations

from .feedback import write_feedback
from .lite import build_lite
from .release import ReleaseError, release
from .report import write_report

__all__ = ["ReleaseError", "build_lite", "release", "write_feedback", "write_report"]
