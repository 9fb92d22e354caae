"""JupyterLite's first cell: load what the lessons import into the browser's Python (Pyodide).

Pyodide's kernel loads a package only when a cell's own text imports it, and the lessons
call ``load()`` (pandas) and draw charts (matplotlib) without importing either in their
text. The first cell of each lesson in the JupyterLite site therefore runs
``await load_course_packages()``. The site serves Pyodide and the pure-Python packages
itself; pandas, numpy and matplotlib come from Pyodide's public CDN. Without the network
they cannot load, and the cell says so in one sentence instead of a traceback.
"""

from __future__ import annotations

import importlib
import importlib.util

__all__ = ["COURSE_PACKAGES", "NeedsNetwork", "load_course_packages"]

COURSE_PACKAGES = ("pandas", "matplotlib", "ipywidgets")


class NeedsNetwork(ConnectionError):
    """A package could not be downloaded; IPython shows only the message, no traceback."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


def _message(missing: list[str]) -> str:
    names = " and ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)
    return (f"This lesson needs the network once: {names} could not be downloaded (this browser loads them "
            "from Pyodide's public CDN the first time), so connect to the internet and run this cell again.")


async def load_course_packages(packages=COURSE_PACKAGES) -> str:
    """Install and import ``packages`` in JupyterLite; elsewhere (JupyterLab) only import them.

    Returns a one-line summary; raises :class:`NeedsNetwork` naming what could not be downloaded.
    """
    try:
        import piplite  # only in JupyterLite's Pyodide kernel
    except ImportError:
        piplite = None
    if piplite is not None:
        try:
            await piplite.install(list(packages))
        except Exception:  # noqa: BLE001, S110 - Pyodide may log a failed download or raise one of
            pass  # several error types; either way the package is then missing, as checked below
        missing = [name for name in packages if importlib.util.find_spec(name) is None]
        if missing:
            raise NeedsNetwork(_message(missing))
    versions = [f"{name} {importlib.import_module(name).__version__}" for name in packages]
    return "Ready: " + ", ".join(versions) + "."
