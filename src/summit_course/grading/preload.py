"""Imported once by the grading pool's fork server, so that every worker forked from it starts with it imported.

That is the grading code with nbclient, jupyter_client and pyzmq, and the grader's own main
script (``summit-course``, or an instructor's script that calls ``grade``), which
multiprocessing would otherwise import again in each worker. Python 3.12 and later import
the main script in the fork server themselves; earlier ones do not, so the pool names it in
:data:`MAIN_VAR`.
"""

from __future__ import annotations

import os
import sys
from multiprocessing import process, spawn

import jupyter_client.manager  # noqa: F401
import nbclient  # noqa: F401
import nbformat  # noqa: F401
import zmq.asyncio  # noqa: F401

from . import execute, provisioner  # noqa: F401
from .runners import MAIN_VAR

_main = os.environ.get(MAIN_VAR)
if _main and getattr(sys.modules["__main__"], "__file__", None) != _main:
    process.current_process()._inheriting = True  # as multiprocessing itself imports it: its __main__ block skipped
    try:
        spawn.import_main_path(_main)
    finally:
        del process.current_process()._inheriting
