"""Load the course datasets as typed pandas DataFrames.

The types come from ``datasets/datapackage.json`` (a Frictionless Data Package), so the
schema is written once: dates are parsed, enums become ordered categoricals, and a value that
breaks the schema raises a :class:`DatasetError` naming the table, row and field
(:mod:`.typed_columns` does this).
Full validation (keys, foreign keys, every constraint) runs through frictionless in
:func:`validate`, which is imported lazily because lessons never need it.
"""

from __future__ import annotations

import difflib
import io
import json
import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path


class _Pandas:
    """Stands in for ``pandas`` until a function here first uses it, then imports it for good.

    A grading worker imports this module for ``ENV_VAR`` alone and need not load pandas (about
    60 MB and, without compiled bytecode, seconds); a lesson's first ``load`` imports it.
    """

    def __getattr__(self, name):
        import pandas

        _readable_display(pandas)
        globals()["pd"] = pandas
        return getattr(pandas, name)


def _readable_display(pandas) -> None:
    """Show what students read in full: text columns up to 200 characters (pandas cuts at 50)
    and numbers as ``0.6`` rather than NumPy 2's ``np.float64(0.6)``."""
    pandas.set_option("display.max_colwidth", 200)
    try:
        import numpy

        numpy.set_printoptions(legacy="1.25")
    except (ImportError, ValueError, TypeError):  # NumPy before 2 prints plain numbers anyway
        pass


pd = _Pandas()

__all__ = ["DatasetError", "course_data", "datasets", "data_dir", "load", "schema", "table_names", "validate"]

#: ``load(name)`` without ``as_of``: follow the lesson's knowledge date (``as_of()``), if any.
SESSION = object()

ENV_VAR = "SUMMIT_DATA"
PACKAGE_FILE = "datapackage.json"


class DatasetError(ValueError):
    """A dataset is unknown, missing, or has a value that breaks its schema."""


def data_dir(start: Path | None = None) -> Path:
    """Find the ``datasets/`` folder.

    Looks at the ``SUMMIT_DATA`` environment variable first, then walks up from
    ``start`` (default: the working directory), then tries the repository that holds
    this package. Notebooks therefore never hard-code a relative path.
    """
    override = os.environ.get(ENV_VAR)
    if override:
        folder = Path(override).expanduser()
        if (folder / PACKAGE_FILE).is_file():
            return folder
        raise DatasetError(f"{ENV_VAR}={override} has no {PACKAGE_FILE}")
    here = (start or Path.cwd()).resolve()
    candidates = [here, *here.parents, *Path(__file__).resolve().parents]
    for folder in candidates:
        if (folder / "datasets" / PACKAGE_FILE).is_file():
            return folder / "datasets"
    raise DatasetError(
        "Could not find the course's datasets/ folder. Open the notebook from inside the "
        f"course folder, or set {ENV_VAR} to the folder that holds {PACKAGE_FILE}."
    )


@contextmanager
def course_data(course_root: Path):
    """Point ``load()`` at a course's ``datasets/`` for the length of a ``with`` block.

    The instructor's tools need it: model answers are computed from the course's own data,
    wherever the command runs from.
    """
    folder = Path(course_root) / "datasets"
    old = os.environ.get(ENV_VAR)
    if (folder / PACKAGE_FILE).is_file():
        os.environ[ENV_VAR] = str(folder)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(ENV_VAR, None)
        else:
            os.environ[ENV_VAR] = old


@lru_cache(maxsize=4)
def _package(folder: Path) -> dict:
    return json.loads((folder / PACKAGE_FILE).read_text(encoding="utf-8"))


def _resources(folder: Path | None = None) -> dict[str, dict]:
    folder = folder or data_dir()
    return {res["name"]: res for res in _package(folder)["resources"]}


def table_names() -> list[str]:
    """The course's table names, read from ``datapackage.json`` (pandas is not needed)."""
    return list(_resources())


def schema(name: str) -> dict:
    """Return the Table Schema of one dataset (fields, keys) as a dict."""
    return _resource(name)["schema"]


def _resource(name: str, folder: Path | None = None) -> dict:
    resources = _resources(folder)
    if not isinstance(name, str) or name not in resources:
        known = ", ".join(sorted(resources))
        close = difflib.get_close_matches(name, resources, n=1) if isinstance(name, str) else []
        guess = f" Did you mean {close[0]!r}?" if close else ""
        raise DatasetError(f"There is no dataset called {name!r}.{guess} Known datasets: {known}.")
    return resources[name]


def datasets() -> pd.DataFrame:
    """List the course's tables with a one-line description and their columns."""
    rows = [
        {
            "name": name,
            "description": res.get("description", ""),
            "columns": ", ".join(f["name"] for f in res["schema"]["fields"]),
        }
        for name, res in _resources().items()
    ]
    return pd.DataFrame(rows).set_index("name")


def load(name: str, as_of=SESSION) -> pd.DataFrame:
    """Load one dataset as a typed DataFrame.

    Parameters
    ----------
    name : str
        A table name such as ``"events"``; ``datasets()`` lists them.
    as_of : str, date or None, optional
        Keep only what was public by this day: rows dated later are left out and columns
        written with hindsight are blank (:mod:`summit_course.knowledge` says how each table
        is dated). By default the day a lesson set with ``as_of(...)``, if any; ``None``
        loads the whole table.

    Returns
    -------
    pandas.DataFrame
        Dates as ``datetime64``, integers as ``Int64``, enums as ordered categoricals.

    Raises
    ------
    DatasetError
        For an unknown name, a missing file, or a value that breaks the schema.
    """
    from . import knowledge

    frame = _load_whole(name)
    day = knowledge.current() if as_of is SESSION else knowledge.to_day(as_of)
    if day is None:
        return frame
    return knowledge.cut(name, frame, day, lambda: _load_whole("sources"))


def _load_whole(name: str) -> pd.DataFrame:
    folder = data_dir()
    res = _resource(name, folder)
    path = folder / res["path"]
    if not path.is_file():
        raise DatasetError(f"The {name} table should be at {path}, but that file is missing.")
    return _parsed(name, str(folder), path.read_text(encoding="utf-8-sig")).copy()


@lru_cache(maxsize=32)
def _parsed(name: str, folder: str, text: str) -> pd.DataFrame:
    """The table parsed once per content of its file: a widget reloads it at every keystroke,
    and reading a small file is cheap beside parsing and typing it."""
    from .typed_columns import check_columns, check_widths, typed_column

    res = _resource(name, Path(folder))
    key = (res["schema"].get("primaryKey") or [None])[0]
    check_widths(name, text, key)
    raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    fields = res["schema"]["fields"]
    check_columns(name, raw, fields)
    typed = {f["name"]: typed_column(name, raw, f, key) for f in fields}
    return pd.DataFrame(typed)


def validate(folder: Path | None = None):
    """Validate the whole data package with frictionless; return its report.

    Checks every type, constraint, primary key and foreign key. frictionless is
    imported here, not at module import, so lessons stay light.
    """
    from frictionless import Package

    folder = folder or data_dir()
    return Package(str(folder / PACKAGE_FILE)).validate()
