"""The student bundle installs exactly its pins (walkthrough round 1: set up from the bundle's requirements.txt, pip
pulled in rfc3987-syntax, which the README says the lock leaves out)."""

from __future__ import annotations

import re
from collections import defaultdict
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from summit_course.publish.release import release

#: Left out of the lock on purpose (it builds parsers at import and slows every Jupyter start; README, "Pinned versions").
LEFT_OUT = {"rfc3987-syntax"}


def _pins(text: str) -> set[str]:
    """The projects requirements.txt pins for this interpreter (a pin's marker may be for another platform)."""
    pins = set()
    for line in text.splitlines():
        if "==" in line and not line.startswith("#"):
            requirement = Requirement(line.split("#", 1)[0].strip())
            if requirement.marker is None or requirement.marker.evaluate():
                pins.add(canonicalize_name(requirement.name))
    return pins


def _needed(pins: set[str]) -> set[str]:
    """Every project a pinned, installed project requires here, with the extras its dependents ask for."""
    requires = {}
    for name in pins:
        try:
            requires[name] = [Requirement(r) for r in metadata.requires(name) or []]
        except metadata.PackageNotFoundError:
            continue
    extras = defaultdict(set)
    for found in requires.values():
        for requirement in found:
            if requirement.extras and (requirement.marker is None or requirement.marker.evaluate({"extra": ""})):
                extras[canonicalize_name(requirement.name)] |= requirement.extras
    needed = set()
    for name, found in requires.items():
        for requirement in found:
            if requirement.marker is None or any(requirement.marker.evaluate({"extra": extra})
                                                 for extra in {"", *extras[name]}):
                needed.add(canonicalize_name(requirement.name))
    return needed


def test_the_bundle_installs_its_pins_and_nothing_else(fresh_course, tmp_path):
    bundle = release(fresh_course, tmp_path / "out", lessons=["90"])
    requirements = (bundle / "requirements.txt").read_text("utf-8")
    readme = (bundle / "README.md").read_text("utf-8")
    commands = re.findall(r"^[^#\n]*\bpip install .*-r requirements\.txt.*$", readme, re.M)
    commands += re.findall(r"^#.*?((?:pip|uv pip) install .*-r requirements\.txt)", requirements, re.M)
    assert len(commands) == 4 and all("--no-deps" in command for command in commands), commands
    pins = _pins(requirements)
    assert _needed(pins) - pins == LEFT_OUT  # --no-deps leaves out nothing else; pip resolving would add it
