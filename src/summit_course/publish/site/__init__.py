"""The course website: a learner and an instructor edition, built with Sphinx and MyST-NB."""

from __future__ import annotations

from .build import SiteSettings, build_edition, build_site
from .frame import SiteError
from .notebooks import EDITIONS

__all__ = ["EDITIONS", "SiteError", "SiteSettings", "build_edition", "build_site"]
