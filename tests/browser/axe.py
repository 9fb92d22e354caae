"""axe-core in a Playwright page: the course's own violations apart from JupyterLab's.

``audit(page)`` injects axe (from npm, pinned in tests/a11y/package-lock.json and installed
by ``make test``), runs it, and sorts every failing element: the course's own when it sits
inside what the course wrote (``ours``: lesson text, cell outputs, ``.summit-*`` widgets;
pass ``ours="html"`` for a page the course writes whole), JupyterLab's otherwise. A test
fails on :attr:`Result.blocking` and lists the rest with :meth:`Result.write`. The course
website's pages are audited the same way: ``audit(page, ours="html")``.
"""

from __future__ import annotations

import json
import os
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "tests" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
REPORTS = ROOT / "test-artifacts" / "a11y"
#: What the course writes inside JupyterLab: lesson text, cell outputs and its own widgets.
COURSE_OUTPUT = ".jp-MarkdownOutput, .jp-OutputArea-output, [class*='summit-']"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = ("critical", "serious")

_RUN = """async ([include, ours, tags]) => {
  const found = await axe.run(include ? {include: [include]} : document,
                              {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  const element = target => typeof target[0] === 'string' ? document.querySelector(target[0]) : null;
  return found.violations.flatMap(v => v.nodes.map(n => {
    const el = element(n.target);
    return {rule: v.id, impact: n.impact || v.impact || '', help: v.help, url: v.helpUrl,
            target: JSON.stringify(n.target), html: n.html.slice(0, 300),
            ours: !!(el && el.closest(ours))};
  }));
}"""


@dataclass(frozen=True)
class Violation:
    """One element failing one axe rule."""

    rule: str
    impact: str
    help: str
    url: str
    target: str
    html: str
    ours: bool

    def line(self) -> str:
        return f"- [{self.impact}] {self.rule}: {self.help} ({self.url})\n  {self.target}\n  `{self.html}`"


@dataclass(frozen=True)
class Result:
    """Every violation axe found, each marked as the course's own or not."""

    violations: tuple[Violation, ...]

    @property
    def ours(self) -> list[Violation]:
        return [v for v in self.violations if v.ours]

    @property
    def theirs(self) -> list[Violation]:
        """JupyterLab's own (or the host page's): listed, not ours to fix here."""
        return [v for v in self.violations if not v.ours]

    @property
    def blocking(self) -> list[Violation]:
        """The course's own critical and serious violations: a test fails on any."""
        return [v for v in self.ours if v.impact in BLOCKING]

    def report(self, title: str) -> str:
        parts = [f"# Accessibility audit: {title}", f"axe-core rules tagged {', '.join(TAGS)}.", ""]
        for heading, group in (("The course's own", self.ours), ("JupyterLab's own (or the host's)", self.theirs)):
            parts += [f"## {heading}: {len(group)}", *(v.line() for v in group), ""]
        return "\n".join(parts)

    def write(self, name: str) -> Path:
        """Write ``test-artifacts/a11y/<name>.md`` and ``.json``; warn (listed in pytest's
        summary) about what is JupyterLab's own."""
        REPORTS.mkdir(parents=True, exist_ok=True)
        path = REPORTS / f"{name}.md"
        path.write_text(self.report(name), encoding="utf-8")
        (REPORTS / f"{name}.json").write_text(json.dumps([asdict(v) for v in self.violations], indent=1))
        if self.theirs:
            rules = sorted({f"{v.rule} ({v.impact})" for v in self.theirs})
            warnings.warn(f"{name}: {len(self.theirs)} element(s) fail axe rules outside the course's output "
                          f"({', '.join(rules)}); listed in {path.relative_to(ROOT)}", stacklevel=2)
        return path


def require_axe() -> Path:
    """The axe script; a skip (a failure under ``SUMMIT_REQUIRE_BROWSER=1``) when not installed."""
    if AXE_JS.is_file():
        return AXE_JS
    message = f"{AXE_JS.relative_to(ROOT)} is missing: run `npm ci --prefix tests/a11y` (make test does)."
    if os.environ.get("SUMMIT_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def audit(page, include: str | None = None, ours: str = COURSE_OUTPUT) -> Result:
    """Run axe on ``page`` (or only inside the ``include`` selector) and sort what it finds.

    Parameters
    ----------
    page : playwright.sync_api.Page
    include : str, optional
        A CSS selector to audit inside (the default: the whole document).
    ours : str
        A CSS selector: an element inside it is the course's own.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(require_axe()))
    found = page.evaluate(_RUN, [include, ours, TAGS])
    return Result(tuple(Violation(**v) for v in found))


def assert_no_blocking(result: Result, name: str) -> None:
    """List the audit in test-artifacts/a11y/ and fail on the course's critical or serious ones."""
    path = result.write(name)
    assert not result.blocking, f"{len(result.blocking)} serious or critical (see {path}):\n" + "\n".join(
        v.line() for v in result.blocking)
