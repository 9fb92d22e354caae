"""``python -m summit_course.cli``: the same as the ``summit-course`` command."""

from __future__ import annotations

import sys

from . import main

sys.exit(main())
