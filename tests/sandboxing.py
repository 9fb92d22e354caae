"""Whether the grading tests run their kernels in the sandbox on this machine.

Always in CI, which installs bubblewrap and sets ``SUMMIT_REQUIRE_SANDBOX=1`` (a missing
sandbox then fails the tests). Elsewhere, when bubblewrap cannot run, the grading tests
still run, unsandboxed, and the attack tests are skipped with the reason.
"""

from __future__ import annotations

import os

from summit_course.grading.sandbox import sandbox_problem

PROBLEM = sandbox_problem()
REQUIRED = bool(os.environ.get("SUMMIT_REQUIRE_SANDBOX"))
SANDBOXED = PROBLEM is None or REQUIRED
#: Extra ``summit-course grade`` arguments for the tests that call the command line.
NO_SANDBOX_ARGS = [] if SANDBOXED else ["--no-sandbox"]
