"""The lesson frame as boxes: overview, objectives, key points, instructor notes, rubrics, how to run it.

Each function takes a lesson's markdown (or an exercise entry) and returns MyST markdown
with admonitions (``:::{admonition}`` fences), the Carpentries' episode frame on a web page.
"""

from __future__ import annotations

import re

from .render import render

__all__ = ["SiteError", "key_points_box", "live_box", "note_box", "overview_boxes", "rubric_box"]

LABEL = re.compile(r"^\*\*(?P<label>[^*:]+):?\*\*:?(?P<rest>.*)$")


class SiteError(ValueError):
    """The site cannot be built from this source; the message says which lesson and why."""


def _box(title: str, css: str, body: str) -> str:
    return f":::{{admonition}} {title}\n:class: {css}\n\n{body.strip()}\n:::"


def _blocks(source: str) -> dict[str, tuple[str, str]]:
    """Split ``**Label** rest`` blocks: label -> (rest of the label line, following lines)."""
    blocks, label = {}, None
    for line in source.splitlines():
        match = LABEL.match(line)
        if match:
            label = match["label"].strip()
            blocks[label] = (match["rest"].strip(" –-"), "")
        elif label is not None:
            rest, body = blocks[label]
            blocks[label] = (rest, f"{body}{line}\n")
    return blocks


def overview_boxes(source: str, stem: str) -> str:
    """The Time / Questions / Objectives / Prerequisites cell as an overview and an objectives box."""
    blocks = _blocks(source)
    for needed in ("Time", "Objectives"):
        if needed not in blocks or not (blocks[needed][0] or blocks[needed][1].strip()):
            raise SiteError(f"{stem}: the lesson has no **{needed}** block under its title "
                            "(docs/authoring.md lists the lesson frame).")
    time = blocks["Time"][0]
    questions = blocks.get("Questions", ("", ""))[1].strip()
    overview = f"**Time:** {time}" + (f"\n\n**Questions**\n\n{questions}" if questions else "")
    intro, objectives = blocks["Objectives"]
    parts = [_box("Overview", "overview", overview),
             _box("Objectives" + (f": {intro}" if intro else ""), "objectives", objectives)]
    if "Prerequisites" in blocks:
        rest, more = blocks["Prerequisites"]
        parts.append(f"**Prerequisites:** {rest}\n{more}".strip())
    return "\n\n".join(parts)


def key_points_box(source: str, stem: str) -> str:
    """``## Key points`` and its bullets as a heading and a key-points box."""
    heading, _, body = source.partition("\n")
    if not body.strip():
        raise SiteError(f"{stem}: the '## Key points' cell has no bullets.")
    return f"{heading}\n\n" + _box("Remember", "keypoints", body)


def note_box(source: str) -> str:
    """An instructor note (``> **Instructor note:** ...``) as an instructor box."""
    text = "\n".join(line[1:].lstrip(" ") if line.startswith(">") else line for line in source.splitlines())
    text = re.sub(r"^\s*\*\*Instructor note:?\*\*:?\s*", "", text)
    return _box("Instructor note", "instructor", text)


def rubric_box(entry: dict) -> str:
    """An exercise's points, objective and rubric (instructor edition)."""
    points = entry.get("points", 0)
    lines = [f"**Points:** {points}"]
    if entry.get("objective"):
        lines.append(f"**Objective:** {entry['objective']}")
    body = "\n\n".join(lines)
    if entry.get("rubric"):
        body += "\n\n**Rubric**\n\n" + "\n".join(f"- {line}" for line in entry["rubric"])
    return _box(f"For the instructor: exercise {entry['id']}", "instructor rubric", body)


def live_box(title: str, links: dict, learner: bool) -> str:
    """How to run this lesson (download, JupyterLite, Binder, a local install) and what each needs."""
    return render("live.md", title=title, learner=learner, name=links["path"].rsplit("/", 1)[-1], **links).strip()
