"""What students receive: release bundles, JupyterLite and the course website.

``release`` writes a student bundle (lessons cut to the chosen exercises, datasets, the
helper package's ``wheel``, the files of ``bundle``) and refuses it if ``leaks`` finds an
answer in it; ``lite`` builds a JupyterLite site (with ``pyodide``'s packages); ``site/`` the
course website (a learner and an instructor edition, with Sphinx). What instructors read,
made from the gradebook (the report, and the feedback pages they hand back), is in
:mod:`summit_course.reports`.
"""

from __future__ import annotations

from .lite import build_lite
from .release import ReleaseError, release

__all__ = ["ReleaseError", "build_lite", "release"]
