"""The course kernel: Python 3 with the course package loaded as an IPython extension at start.

So the course's notes work before the setup cell: after Kernel → Restart, a cell that uses
``check`` gets "Note: `check` comes from the setup cell …" under its NameError, and every
check knows which cells ran. ``make install`` (hence ``make lab`` and ``make test``) puts it
in ``.venv`` under the name ``python3``, the name every lesson's metadata asks for, so the
lessons use it with no change and open anywhere else with that machine's own Python 3.

On a hub (no ``make``), either run ``python -m summit_course.kernel --user`` once in a
terminal (or ``--sys-prefix`` in the hub's image), or add
``c.InteractiveShellApp.extensions = ["summit_course"]`` to
``~/.ipython/profile_default/ipython_kernel_config.py``. Without either, everything works
as before once the setup cell has run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

__all__ = ["KERNEL_NAME", "install", "kernel_spec"]

KERNEL_NAME = "python3"
#: The display name every lesson's metadata carries (ipykernel's own): a kernel that calls itself
#: anything else makes JupyterLab rewrite the metadata, so a lesson shows as unsaved on opening.
DISPLAY_NAME = "Python 3 (ipykernel)"
EXTENSION = "summit_course"


def kernel_spec() -> dict:
    """The kernel.json of the course kernel: ipykernel's own, plus ``--ext=summit_course``.

    ``python`` (not a path) as its first word: Jupyter starts it with the Python it runs on.
    """
    from ipykernel.kernelspec import get_kernel_dict

    spec = get_kernel_dict(extra_arguments=[f"--ext={EXTENSION}"])
    spec["argv"][0] = "python"
    spec["display_name"] = DISPLAY_NAME
    return spec


def install(prefix: str | None = None, user: bool = False) -> str:
    """Install the course kernel as ``python3`` under ``prefix`` (or for this user); return its folder."""
    from ipykernel.kernelspec import write_kernel_spec
    from jupyter_client.kernelspec import KernelSpecManager

    with tempfile.TemporaryDirectory() as scratch:
        folder = write_kernel_spec(Path(scratch) / KERNEL_NAME, overrides=kernel_spec())
        return KernelSpecManager().install_kernel_spec(folder, KERNEL_NAME, user=user, prefix=prefix)


def main(argv: list[str] | None = None) -> None:
    """``python -m summit_course.kernel [--sys-prefix | --user | --prefix DIR]``."""
    parser = argparse.ArgumentParser(prog="python -m summit_course.kernel", description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--sys-prefix", action="store_true", help=f"into this environment ({sys.prefix})")
    where.add_argument("--user", action="store_true", help="for this user only")
    where.add_argument("--prefix", help="under this prefix")
    args = parser.parse_args(argv)
    prefix = sys.prefix if args.sys_prefix or not (args.user or args.prefix) else args.prefix
    folder = install(prefix=prefix, user=args.user)
    print(f"Installed the course kernel ({DISPLAY_NAME}, name {KERNEL_NAME}) in {folder}")


if __name__ == "__main__":
    main()
