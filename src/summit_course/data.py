"""Load the course datasets as typed pandas DataFrames.

The types come from ``datasets/datapackage.json`` (a Frictionless Data Package), so the
schema is written once: dates are parsed, enums become ordered categoricals, and a value
that breaks the schema raises a :class:`DatasetError` naming the table, row and field.
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

__all__ = ["DatasetError", "course_data", "datasets", "data_dir", "load", "schema", "validate"]

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
    return knowledge.cut(name, frame, day, lambda: {n: _load_whole(n) for n in _resources()})


def _load_whole(name: str) -> pd.DataFrame:
    folder = data_dir()
    res = _resource(name, folder)
    path = folder / res["path"]
    if not path.is_file():
        raise DatasetError(f"The {name} table should be at {path}, but that file is missing.")
    text = path.read_text(encoding="utf-8-sig")
    key = (res["schema"].get("primaryKey") or [None])[0]
    _check_widths(name, text, key)
    raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    fields = res["schema"]["fields"]
    _check_columns(name, raw, fields)
    typed = {f["name"]: _typed_column(name, raw, f, key) for f in fields}
    return pd.DataFrame(typed)


def _check_columns(name: str, raw: pd.DataFrame, fields: list[dict]) -> None:
    expected = [f["name"] for f in fields]
    missing = [c for c in expected if c not in raw.columns]
    extra = [c for c in raw.columns if c not in expected]
    if missing or extra:
        raise DatasetError(
            f"The {name} table's columns do not match its schema: "
            f"missing {missing or 'none'}, unexpected {extra or 'none'}."
        )


def _check_widths(table: str, text: str, key: str | None) -> None:
    """Refuse a row with fewer or more values than the header (pandas would shift or blank them silently)."""
    import csv

    rows = csv.reader(io.StringIO(text))
    header = next(rows, [])
    for number, values in enumerate(rows, 2):
        if values and len(values) != len(header):
            at = header.index(key) if key in header else None
            label = f" ({key}={values[at]})" if at is not None and at < len(values) else ""
            fix = "missing" if len(values) < len(header) else "extra"
            raise DatasetError(f"{table}.csv, row {number}{label}: {len(values)} values, but the header has "
                               f"{len(header)} columns: a comma is {fix}, or a value with a comma lacks its double "
                               "quotes (`summit-course validate` names the column).")


def _where(table: str, raw: pd.DataFrame, row: int, field: str, key: str | None) -> str:
    label = f" ({key}={raw.at[row, key]})" if key and key != field else ""
    return f"{table}.csv, row {row + 2}{label}, field '{field}'"


def _typed_column(table: str, raw: pd.DataFrame, field: dict, key: str | None) -> pd.Series:
    name, kind = field["name"], field.get("type", "string")
    text = raw[name].str.strip()
    blank = text.eq("")
    constraints = field.get("constraints", {})
    if constraints.get("required") and blank.any():
        row = int(blank.idxmax())
        raise DatasetError(f"{_where(table, raw, row, name, key)}: a value is required.")
    values = _PARSERS.get(kind, _parse_string)(text.mask(blank))
    bad = values.isna() & ~blank
    if bad.any():
        row = int(bad.idxmax())
        raise DatasetError(
            f"{_where(table, raw, row, name, key)}: {raw.at[row, name]!r} is not a valid {kind}."
        )
    return _constrained(table, raw, name, values, constraints, key)


def _constrained(table, raw, name, values, constraints, key) -> pd.Series:
    if "enum" in constraints:
        allowed = constraints["enum"]
        outside = values.notna() & ~values.isin(allowed)
        if outside.any():
            row = int(outside.idxmax())
            raise DatasetError(
                f"{_where(table, raw, row, name, key)}: {raw.at[row, name]!r} is not one of "
                f"{allowed}."
            )
        return pd.Series(pd.Categorical(values, categories=allowed, ordered=True), name=name)
    for bound, outside_of in (("minimum", values.lt), ("maximum", values.gt)):
        if bound in constraints:
            limit = constraints[bound]
            if isinstance(limit, str):
                limit = pd.Timestamp(limit)
            outside = outside_of(limit).fillna(False).astype(bool)
            if outside.any():
                row = int(outside.idxmax())
                raise DatasetError(
                    f"{_where(table, raw, row, name, key)}: {raw.at[row, name]!r} is outside "
                    f"the {bound} {constraints[bound]}."
                )
    return values.rename(name)


def _parse_string(text: pd.Series) -> pd.Series:
    return text.astype(object)


def _parse_integer(text: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(text, errors="coerce")
    whole = numbers.where(numbers.isna() | (numbers == numbers.round()))
    return whole.astype("Int64")


def _parse_number(text: pd.Series) -> pd.Series:
    return pd.to_numeric(text, errors="coerce").astype(float)


def _parse_boolean(text: pd.Series) -> pd.Series:
    mapping = {"true": True, "false": False}
    return text.str.lower().map(mapping).astype("boolean")


def _parse_date(text: pd.Series) -> pd.Series:
    return pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")


_PARSERS = {
    "string": _parse_string,
    "integer": _parse_integer,
    "number": _parse_number,
    "boolean": _parse_boolean,
    "date": _parse_date,
}


def validate(folder: Path | None = None):
    """Validate the whole data package with frictionless; return its report.

    Checks every type, constraint, primary key and foreign key. frictionless is
    imported here, not at module import, so lessons stay light.
    """
    from frictionless import Package

    folder = folder or data_dir()
    return Package(str(folder / PACKAGE_FILE)).validate()
