"""One build of the course website per test session, shared by every pytest-xdist worker.

The first worker to ask builds both editions into the session's shared temporary folder
(under a lock); the others wait and reuse it. Also: a reader of a built site's links,
anchors and images, for the link and render checks.
"""

from __future__ import annotations

import fcntl
import time
from html.parser import HTMLParser
from pathlib import Path

from summit_course.publish.site import build_site

ROOT = Path(__file__).resolve().parents[3]


def shared_build(tmp_path_factory, worker_id: str) -> dict:
    """The site built from this checkout, once per session: ``{"path": Path, "seconds": float}``."""
    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    folder, done = shared / "course-site", shared / "course-site.done"
    with open(shared / "course-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            start = time.monotonic()
            build_site(ROOT, folder, work=shared)
            done.write_text(f"{time.monotonic() - start:.1f}")
    return {"path": folder, "seconds": float(done.read_text())}


class PageReader(HTMLParser):
    """Collects a page's ids, link targets, images and script/style sources."""

    def __init__(self):
        super().__init__()
        self.ids, self.links, self.images, self.assets, self.h1 = set(), [], [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "img":
            self.images.append(attrs)
        if tag == "script" and attrs.get("src"):
            self.assets.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") in ("stylesheet", "preload", "icon"):
            self.assets.append(attrs["href"])


def read_page(path: Path) -> PageReader:
    reader = PageReader()
    reader.feed(path.read_text("utf-8"))
    return reader
