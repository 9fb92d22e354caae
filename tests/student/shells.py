"""An IPython shell as a course kernel has it: the cell tracker on, set up fresh and torn down after."""

from __future__ import annotations

import contextlib

from IPython.core.interactiveshell import InteractiveShell

from summit_course import cells


@contextlib.contextmanager
def tracked_shell(setup: str = ""):
    """A fresh shell with the course's cell tracker installed and ``setup`` run (it must succeed)."""
    InteractiveShell.clear_instance()
    ip = InteractiveShell.instance()
    cells.install(ip)
    try:
        assert not setup or ip.run_cell(setup).success, setup
        yield ip
    finally:
        cells.uninstall()
        InteractiveShell.clear_instance()
