"""Carry answer values out of a student's kernel as tagged JSON, and back into values in the grader."""

from __future__ import annotations

import datetime as dt
import functools
import inspect

__all__ = ["NotCalled", "Unreadable", "decode_value", "encode_value", "harvest_source"]


def encode_value(value, depth=0, budget=None):
    """Encode one answer value as tagged JSON data (runs inside the student's kernel).

    Only the standard library is imported; pandas and numpy are used when the kernel has
    already imported them. Floats travel as ``repr`` strings (NaN and infinity survive),
    frames column by column. Anything else becomes ``{"t": "unsupported"}`` with its type.

    Raises
    ------
    ValueError
        When the value is nested too deeply or is too large to grade.
    """
    import datetime
    import sys

    budget = [200_000] if budget is None else budget
    budget[0] -= 1
    if budget[0] < 0:
        raise ValueError("the answer is too large to grade (over 200,000 items)")
    if depth > 30:
        raise ValueError("the answer is nested too deeply to grade")
    pd, np = sys.modules.get("pandas"), sys.modules.get("numpy")

    def enc(item):
        return encode_value(item, depth + 1, budget)

    def categorical(index):  # a category axis: what makes a group-by list empty categories
        return [isinstance(getattr(level, "dtype", None), pd.CategoricalDtype)
                for level in getattr(index, "levels", [index])]

    def labels(item):
        return {"index": [enc(i) for i in item.index], "index_names": [enc(n) for n in item.index.names],
                "index_categorical": categorical(item.index)}

    if value is None or value is Ellipsis:
        return {"t": "none" if value is None else "ellipsis"}
    if isinstance(value, bool) or (np is not None and isinstance(value, np.bool_)):
        return {"t": "bool", "v": bool(value)}
    if isinstance(value, int) or (np is not None and isinstance(value, np.integer)):
        return {"t": "int", "v": int(value)}
    if isinstance(value, float) or (np is not None and isinstance(value, np.floating)):
        return {"t": "float", "v": repr(float(value))}
    if isinstance(value, str):
        if len(value) > 100_000:
            raise ValueError("the text is too long to grade (over 100,000 characters)")
        return {"t": "str", "v": value}
    if pd is not None and (value is pd.NA or value is pd.NaT):
        return {"t": "na"}
    if pd is not None and isinstance(value, pd.Timestamp):
        return {"t": "timestamp", "v": value.isoformat()}
    if isinstance(value, datetime.datetime):
        return {"t": "datetime", "v": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"t": "date", "v": value.isoformat()}
    if np is not None and isinstance(value, np.datetime64):
        return {"t": "timestamp", "v": str(value)}
    if pd is not None and isinstance(value, pd.DataFrame):
        return {"t": "frame", "columns": [enc(c) for c in value.columns], **labels(value),
                "data": [[enc(x) for x in value.iloc[:, j].tolist()] for j in range(value.shape[1])]}
    if pd is not None and isinstance(value, pd.Series):
        return {"t": "series", "name": enc(value.name), **labels(value), "values": [enc(x) for x in value.tolist()]}
    if pd is not None and isinstance(value, pd.Index):
        return {"t": "index", "v": [enc(x) for x in value.tolist()]}
    if pd is not None and isinstance(value, pd.Categorical):  # .values of a category column
        return {"t": "categorical", "v": [enc(x) for x in value.tolist()],
                "categories": [enc(c) for c in value.categories.tolist()], "ordered": bool(value.ordered)}
    if pd is not None and isinstance(value, pd.api.extensions.ExtensionArray):  # .array, .values of Int64, …
        return {"t": "extension", "dtype": str(value.dtype)[:60], "v": [enc(x) for x in value.tolist()]}
    if np is not None and isinstance(value, np.ndarray):
        return {"t": "ndarray", "v": [enc(x) for x in value.tolist()]}
    for kind in (list, tuple, set, frozenset):
        if isinstance(value, kind):
            items = sorted(value, key=repr) if kind in (set, frozenset) else value
            return {"t": kind.__name__, "v": [enc(x) for x in items]}
    if isinstance(value, dict):
        return {"t": "dict", "v": [[enc(k), enc(v)] for k, v in value.items()]}
    name = getattr(value, "__name__", None)
    if callable(value) and not isinstance(value, type) and isinstance(name, str):  # a method not called
        return {"t": "callable", "type": type(value).__name__[:60], "name": name[:60]}
    try:
        text = repr(value)[:200]
    except Exception:
        text = "?"
    return {"t": "unsupported", "type": type(value).__name__, "module": type(value).__module__, "repr": text}


def _harvest(user_ns, names, path):
    """Write the answer variables to ``path`` (runs inside the student's kernel)."""
    import json

    out = {}
    for name in names:
        if name not in user_ns:
            continue
        try:
            out[name] = encode_value(user_ns[name])
        except Exception as exc:
            out[name] = {"t": "unreadable", "error": f"{type(exc).__name__}: {exc}"[:300]}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(out, handle, ensure_ascii=False)


def harvest_source(names, path) -> str:
    """The grader's cell: define the encoder in a fresh namespace and write the answers."""
    program = inspect.getsource(encode_value) + "\n" + inspect.getsource(_harvest)
    call = f"_harvest(_user_ns, {list(names)!r}, {str(path)!r})"
    return (f"exec(compile({program + call!r}, '<grader>', 'exec'), "
            "{'__builtins__': __builtins__, '_user_ns': globals()})")


class Unreadable:
    """An answer the grader could not turn back into a value; ``reason`` says why."""

    def __init__(self, reason: str):
        self.reason = reason

    def __repr__(self) -> str:
        return f"<unreadable answer: {self.reason}>"


def decode_value(node):
    """Turn tagged JSON from :func:`encode_value` back into a value (grader side).

    Never runs student code and never raises: anything malformed becomes
    :class:`Unreadable`.
    """
    try:
        return _decode(node, 0)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, OverflowError, RecursionError):
        return Unreadable("the grader could not decode this value")


def _decode(node, depth: int):
    if depth > 40:
        raise ValueError("nested too deeply")
    return _DECODERS[node["t"]](node, lambda item: _decode(item, depth + 1))


def _int(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("not an int")
    return value


def _timestamp(text: str):
    import pandas as pd

    return pd.Timestamp(text)


def _index(node, dec):
    import pandas as pd

    values = [dec(i) for i in node["index"]]
    names = [dec(n) for n in node["index_names"]]
    categorical = [bool(flag) for flag in node.get("index_categorical", [])]
    if len(names) > 1:
        index = pd.MultiIndex.from_tuples(values, names=names)
        if any(categorical) and len(categorical) == index.nlevels and len(index):
            index = index.set_levels([pd.CategoricalIndex(level) if flag else level
                                      for level, flag in zip(index.levels, categorical)])
        return index
    if categorical[:1] == [True]:
        return pd.CategoricalIndex(values, name=names[0] if names else None)
    return pd.Index(values, name=names[0] if names else None)


class NotCalled:
    """A function or method handed in without calling it (``table.count``), standing in for it in the grader.

    Its type is named like the original's (``method``) and it keeps the original's ``__name__``, so the
    public checks read the miss as :func:`summit_course.check` did in the notebook, with the same words
    (:func:`summit_course.diagnose.type_fix`). Calling it does nothing but raise.
    """

    def __init__(self, name: str):
        self.__name__ = name

    def __call__(self, *args, **kwargs):
        raise TypeError(f"{self.__name__} was not called in the student's notebook")


@functools.lru_cache(maxsize=64)
def _not_called_type(name: str) -> type:
    return type(name if name.isidentifier() else "function", (NotCalled,), {})


def _callable(node, dec):
    return _not_called_type(str(node.get("type", "function"))[:60])(str(node.get("name", ""))[:60])


def _frame(node, dec):
    import pandas as pd

    columns = [dec(c) for c in node["columns"]]
    data = {j: [dec(x) for x in column] for j, column in enumerate(node["data"])}
    frame = pd.DataFrame(data, index=_index(node, dec))
    frame.columns = pd.Index(columns)
    return frame


def _series(node, dec):
    import pandas as pd

    return pd.Series([dec(x) for x in node["values"]], index=_index(node, dec), name=dec(node["name"]))


def _pandas_index(node, dec):
    import pandas as pd

    return pd.Index([dec(x) for x in node["v"]])


def _categorical(node, dec):
    import pandas as pd

    return pd.Categorical([dec(x) for x in node["v"]], categories=[dec(c) for c in node["categories"]],
                          ordered=bool(node.get("ordered")))


def _extension(node, dec):
    """An extension array (``Int64``, ``string``, …) as the student's kernel held it; its dtype when pandas knows it."""
    import pandas as pd

    values = [dec(x) for x in node["v"]]
    try:
        return pd.array(values, dtype=str(node.get("dtype", "")))
    except (TypeError, ValueError):
        return pd.array(values)


def _ndarray(node, dec):
    import numpy as np

    return np.array([dec(x) for x in node["v"]])


_DECODERS = {
    "none": lambda node, dec: None,
    "na": lambda node, dec: None,
    "ellipsis": lambda node, dec: Ellipsis,
    "bool": lambda node, dec: bool(node["v"]),
    "int": lambda node, dec: _int(node["v"]),
    "float": lambda node, dec: float(node["v"]),
    "str": lambda node, dec: str(node["v"]),
    "timestamp": lambda node, dec: _timestamp(node["v"]),
    "datetime": lambda node, dec: dt.datetime.fromisoformat(node["v"]),
    "date": lambda node, dec: dt.date.fromisoformat(node["v"]),
    "list": lambda node, dec: [dec(x) for x in node["v"]],
    "tuple": lambda node, dec: tuple(dec(x) for x in node["v"]),
    "set": lambda node, dec: {dec(x) for x in node["v"]},
    "frozenset": lambda node, dec: frozenset(dec(x) for x in node["v"]),
    "dict": lambda node, dec: {dec(k): dec(v) for k, v in node["v"]},
    "index": _pandas_index,
    "ndarray": _ndarray,
    "categorical": _categorical,
    "extension": _extension,
    "frame": _frame,
    "series": _series,
    "callable": _callable,
    "unsupported": lambda node, dec: Unreadable(f"it is a {str(node.get('type'))[:60]} object, which the "
                                                "grader cannot read"),
    "unreadable": lambda node, dec: Unreadable(str(node.get("error", ""))[:300]),
}
