"""Imported once by the grading pool's fork server, so that every worker forked from it starts with it imported.

That is the grading code with nbclient, jupyter_client and pyzmq, and the grader's own main
script (``summit-course``, or an instructor's script that calls ``grade``), which
multiprocessing would otherwise import again in each worker. Python 3.12 and later import
the main script in the fork server themselves; earlier ones do not, so the pool names it in
:data:`MAIN_VAR`.
"""

from __future__ import annotations

import os
import runpy
import sys
import types

import jupyter_client.manager  # noqa: F401
import nbclient  # noqa: F401
import nbformat  # noqa: F401
import zmq.asyncio  # noqa: F401

from . import execute, provisioner  # noqa: F401
from .runners import IMPORTING_MAIN, MAIN_VAR


def _import_main(path: str) -> None:
    """Run the main script as ``__mp_main__`` (its ``if __name__ == "__main__":`` block skipped) and make it
    ``__main__``, as multiprocessing does in each worker it starts: one forked from here finds it done."""
    IMPORTING_MAIN.set()
    try:
        namespace = runpy.run_path(path, run_name="__mp_main__")
    finally:
        IMPORTING_MAIN.clear()
    main = types.ModuleType("__mp_main__")
    main.__dict__.update(namespace)
    sys.modules["__main__"] = sys.modules["__mp_main__"] = main


_main = os.environ.get(MAIN_VAR)
if _main and getattr(sys.modules["__main__"], "__file__", None) != _main:
    _import_main(_main)
