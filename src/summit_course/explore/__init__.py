"""Exploring widgets for the lessons, one module per widget, all on the same frame.

``explore.NAME(...)`` imports ``explore/NAME.py`` on first use and calls its ``NAME``
function, so each lesson's widget lives in its own small module and nothing is loaded
before a lesson asks for it.
"""

from __future__ import annotations

import importlib
import sys
import types

from .base import Explorer, render

__all__ = ["Explorer", "render"]


def __getattr__(name: str):
    if name.startswith("_"):
        raise AttributeError(name)
    try:
        module = importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError:
        raise AttributeError(f"summit_course.explore has no widget {name!r}") from None
    return getattr(module, name)


class _WidgetPackage(types.ModuleType):
    """Importing ``explore/NAME.py`` binds the *module* to ``explore.NAME``; hand back
    its ``NAME`` function instead, so ``explore.NAME(...)`` works every time."""

    def __getattribute__(self, name: str):
        value = super().__getattribute__(name)
        if isinstance(value, types.ModuleType) and callable(getattr(value, name, None)):
            return getattr(value, name)
        return value


sys.modules[__name__].__class__ = _WidgetPackage
