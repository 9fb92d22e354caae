"""The site's tests share one build per session (see built.py)."""

from __future__ import annotations

import pytest

from .built import shared_build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, worker_id):
    """The course website built from this checkout: ``{"path": Path, "seconds": float}``."""
    return shared_build(tmp_path_factory, worker_id)
