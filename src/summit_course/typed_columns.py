"""A table's columns typed by its Table Schema, and a clear error for each value that breaks it.

:func:`summit_course.data.load` reads a CSV file as text; here every row is checked to have as
many values as the header, then each column gets its type (dates, integers, numbers, booleans,
text) and its constraints (required, a list of values that becomes an ordered categorical, a
minimum or maximum). A bad value raises :class:`~summit_course.data.DatasetError` naming the
table, row, key and field. pandas comes through ``data``'s lazy import, as everywhere in the
student runtime.
"""

from __future__ import annotations

import csv
import io

from .data import DatasetError, pd
from .suggest import did_you_mean

__all__ = ["boolean_fix", "boolean_values", "check_columns", "check_widths", "not_one_of", "typed_column"]

#: What Table Schema reads as true and false when a boolean field does not say (frictionless's own).
TRUE_VALUES, FALSE_VALUES = ["true", "True", "TRUE", "1"], ["false", "False", "FALSE", "0"]


def check_columns(name: str, raw: pd.DataFrame, fields: list[dict]) -> None:
    """Refuse a table whose columns are not the schema's fields."""
    expected = [f["name"] for f in fields]
    missing = [c for c in expected if c not in raw.columns]
    extra = [c for c in raw.columns if c not in expected]
    if missing or extra:
        raise DatasetError(
            f"The {name} table's columns do not match its schema: "
            f"missing {missing or 'none'}, unexpected {extra or 'none'}."
        )


def check_widths(table: str, text: str, key: str | None) -> None:
    """Refuse a row with fewer or more values than the header (pandas would shift or blank them silently)."""
    rows = csv.reader(io.StringIO(text))
    header = next(rows, [])
    for number, values in enumerate(rows, 2):
        if values and len(values) != len(header):
            at = header.index(key) if key in header else None
            label = f" ({key}={values[at]})" if at is not None and at < len(values) else ""
            fix = "missing" if len(values) < len(header) else "extra"
            raise DatasetError(f"{table}.csv, row {number}{label}: {len(values)} values, but the header has "
                               f"{len(header)} columns: a comma is {fix}, or a value with a comma lacks its double "
                               "quotes (`summit-course validate` names the column when it can tell which).")


def _where(table: str, raw: pd.DataFrame, row: int, field: str, key: str | None) -> str:
    label = f" ({key}={raw.at[row, key]})" if key and key != field else ""
    return f"{table}.csv, row {row + 2}{label}, field '{field}'"


def typed_column(table: str, raw: pd.DataFrame, field: dict, key: str | None) -> pd.Series:
    name, kind = field["name"], field.get("type", "string")
    text = raw[name].str.strip()
    blank = text.eq("")
    constraints = field.get("constraints", {})
    if constraints.get("required") and blank.any():
        row = int(blank.idxmax())
        raise DatasetError(f"{_where(table, raw, row, name, key)}: a value is required.")
    values = _PARSERS.get(kind, _parse_string)(text.mask(blank), field)
    bad = values.isna() & ~blank
    if bad.any():
        row = int(bad.idxmax())
        fix = f": {boolean_fix(field)}" if kind == "boolean" else ""
        raise DatasetError(
            f"{_where(table, raw, row, name, key)}: {raw.at[row, name]!r} is not a valid {kind}{fix}."
        )
    return _constrained(table, raw, name, values, constraints, key)


def _constrained(table, raw, name, values, constraints, key) -> pd.Series:
    if "enum" in constraints:
        allowed = constraints["enum"]
        outside = values.notna() & ~values.isin(allowed)
        if outside.any():
            row = int(outside.idxmax())
            raise DatasetError(f"{_where(table, raw, row, name, key)}: {not_one_of(raw.at[row, name], allowed)}")
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


def _parse_string(text: pd.Series, field: dict) -> pd.Series:
    return text.astype(object)


def _parse_integer(text: pd.Series, field: dict) -> pd.Series:
    numbers = pd.to_numeric(text, errors="coerce")
    whole = numbers.where(numbers.isna() | (numbers == numbers.round()))
    return whole.astype("Int64")


def _parse_number(text: pd.Series, field: dict) -> pd.Series:
    return pd.to_numeric(text, errors="coerce").astype(float)


def boolean_values(field: dict) -> tuple[list[str], list[str]]:
    """The texts a boolean field reads as true and as false: its schema's ``trueValues`` and
    ``falseValues`` (what ``summit-course validate`` accepts too), else frictionless's defaults."""
    return field.get("trueValues", TRUE_VALUES), field.get("falseValues", FALSE_VALUES)


def boolean_fix(field: dict) -> str:
    """``write true or false``: what a boolean field accepts, for the message about a value it does not."""
    true, false = boolean_values(field)
    return f"write {' or '.join(dict.fromkeys([*true[:1], *false[:1]]))}"


def not_one_of(value, allowed) -> str:
    """``'hosts' is not one of [...]. Did you mean 'host'?``: the words for a code outside its field's list."""
    return f"{value!r} is not one of {list(allowed)}.{did_you_mean(value, allowed)}"


def _parse_boolean(text: pd.Series, field: dict) -> pd.Series:
    true, false = boolean_values(field)
    return text.map({**{v: False for v in false}, **{v: True for v in true}}).astype("boolean")


def _parse_date(text: pd.Series, field: dict) -> pd.Series:
    return pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")


_PARSERS = {
    "string": _parse_string,
    "integer": _parse_integer,
    "number": _parse_number,
    "boolean": _parse_boolean,
    "date": _parse_date,
}
