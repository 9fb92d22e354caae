"""Build the course website: generate each edition's Sphinx source from ``solutions/``, then run Sphinx.

``build_site(root, output)`` writes ``output/learner/``, ``output/instructor/`` and
``output/index.html``. The build is reproducible: the Sphinx source is written afresh
with stable cell ids, outputs are the stored ones (no execution), and Sphinx runs with
``SOURCE_DATE_EPOCH`` set, its doctrees outside the output.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ...authoring.exercises import instructor_exercises
from ...authoring.lessons import Course, lesson_from_solution, navigation, title_of, with_navigation
from .frame import SiteError
from .notebooks import EDITIONS, page_notebook
from .pages import CSS, FAVICON, TEMPLATES, Lesson, conf_text, landing_text, schedule_text, top_index_html

__all__ = ["BINDER_VAR", "SiteSettings", "binder_repo", "build_edition", "build_site", "stage_edition"]

TITLE = "Summit at Vostochny"
#: Where the Binder links point: ``owner/name`` of a public repository holding a student
#: release bundle (``summit-course release``), never the instructor repository.
BINDER_VAR = "SUMMIT_SITE_BINDER_REPO"
#: The folder of each edition that holds the student notebooks to download (Sphinx's html_extra_path).
NOTEBOOKS = "notebooks"
REPO_NAME = re.compile(r"[A-Za-z0-9][\w.-]*/[\w.-]+")


def binder_repo() -> str | None:
    """``owner/name`` for the Binder links, from ``SUMMIT_SITE_BINDER_REPO`` only; ``None`` without it."""
    value = os.environ.get(BINDER_VAR, "").strip()
    if value and not REPO_NAME.fullmatch(value):
        raise SiteError(f"{BINDER_VAR}={value!r} is not owner/name: name the public GitHub repository "
                        "that holds a student release bundle (never the instructor repository).")
    return value or None


@dataclass(frozen=True)
class SiteSettings:
    """Where the live links go.

    ``binder`` is ``owner/name`` of a public *student release* repository (``None``: no Binder
    link); both editions link its ``lessons/``, never ``solutions/``. ``lite`` is the JupyterLite
    site relative to an edition's folder (``None``: no JupyterLite link); the default fits
    ``_output/site/<edition>/`` next to ``_output/lite/``. ``course_zip``: the whole course (a
    student release) to download, relative to an edition's folder (``None``: the pages say to use
    the course folder an instructor hands out).
    """

    binder: str | None = None
    ref: str = "main"
    lite: str | None = "../../lite/"
    course_zip: str | None = None

    def links(self, edition: str, stem: str) -> dict:
        """``path`` (in a course folder), ``notebook`` (the student notebook in the site), ``lite``,
        ``binder`` and ``course_zip`` (the whole course to download), each ``None`` when absent."""
        path = f"{'lessons' if edition == 'learner' else 'solutions'}/{stem}.ipynb"
        lesson = f"lessons/{stem}.ipynb"  # what the student repository and JupyterLite hold
        lite = f"{self.lite}lab/index.html?path={lesson}" if self.lite is not None else None
        binder = None
        if self.binder:
            binder = f"https://mybinder.org/v2/gh/{self.binder}/{self.ref}?urlpath=lab/tree/{lesson}"
        return {"path": path, "notebook": f"{NOTEBOOKS}/{stem}.ipynb", "lite": lite, "binder": binder,
                "course_zip": self.course_zip}


def stage_edition(root: Path, edition: str, source: Path, settings: SiteSettings, stems=None) -> Path:
    """Write one edition's Sphinx source tree (conf.py, pages, CSS) into ``source``."""
    course = Course(Path(root))
    paths = [p for p in course.notebooks() if stems is None or p.stem in stems]
    if not paths:
        raise SiteError(f"{course.solutions} has no lesson notebooks (NN-slug.ipynb) to build a site from.")
    entries = instructor_exercises(course.exercise_sources) if course.exercise_sources.is_dir() else []
    solutions = [nbformat.read(p, as_version=4) for p in paths]
    titles = [title_of(nb) for nb in solutions]
    if source.exists():
        shutil.rmtree(source)
    (source / "_static").mkdir(parents=True)
    (source / "_extra" / NOTEBOOKS).mkdir(parents=True)
    lessons = []
    for index, (path, solution) in enumerate(zip(paths, solutions)):
        with_navigation(solution, navigation(paths, titles, index))
        nbformat.write(lesson_from_solution(solution), source / "_extra" / NOTEBOOKS / path.name)
        page = page_notebook(solution, edition, path.stem, entries, settings.links(edition, path.stem))
        nbformat.write(page, source / path.name)
        lessons.append(Lesson.from_notebook(path.stem, titles[index], solution, entries))
    extra = ["schedule"] if edition == "instructor" else []
    if extra:
        (source / "schedule.md").write_text(schedule_text(lessons), encoding="utf-8")
    live = {"lite": settings.lite is not None, "binder": settings.binder is not None,
            "course_zip": settings.course_zip}
    (source / "index.md").write_text(landing_text(edition, lessons, extra, live), encoding="utf-8")
    (source / "conf.py").write_text(conf_text(edition, f"{TITLE}: {edition} edition"), encoding="utf-8")
    (source / "_static" / "site.css").write_text(CSS, encoding="utf-8")
    (source / "_static" / "favicon.svg").write_text(FAVICON, encoding="utf-8")
    shutil.copytree(TEMPLATES, source / "_templates")
    return source


def build_edition(root: Path, edition: str, output: Path, settings: SiteSettings | None = None,
                  work: Path | None = None, stems=None) -> Path:
    """Build one edition's HTML into ``output`` (replaced); return ``output``."""
    if edition not in EDITIONS:
        raise SiteError(f"Unknown edition {edition!r}; choose from {', '.join(EDITIONS)}.")
    settings = settings or SiteSettings(binder=binder_repo())
    with tempfile.TemporaryDirectory(prefix=f"site-{edition}-", dir=work) as scratch:
        source = stage_edition(Path(root), edition, Path(scratch) / "source", settings, stems)
        # Sphinx writes into the scratch folder (MyST-NB puts its own jupyter_execute/ next to the
        # output folder), and the finished HTML is moved into place.
        html = Path(scratch) / "html"
        env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000"),
               "PYTHONHASHSEED": "0"}
        done = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going", "-j", "1",
             "-d", str(Path(scratch) / "doctrees"), str(source), str(html)],
            env=env, capture_output=True, text=True,
        )
        if done.returncode != 0:
            raise SiteError(f"Sphinx could not build the {edition} edition:\n{done.stderr[-4000:]}")
        if output.exists():
            shutil.rmtree(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(html), str(output))
    # The theme's template macros are copied as static files but are no pages; .buildinfo holds a hash.
    for stray in [output / ".buildinfo", output / ".buildinfo.bak", *output.glob("_static/*macros.html")]:
        stray.unlink(missing_ok=True)
    if (output / "_sources").is_dir() and not any((output / "_sources").iterdir()):  # html_copy_source is off
        (output / "_sources").rmdir()
    return output


def build_site(root, output, editions=EDITIONS, settings: SiteSettings | None = None,
               work: Path | None = None) -> Path:
    """Build the editions into ``output/<edition>/`` and a root ``index.html`` linking them."""
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    for edition in editions:
        build_edition(Path(root), edition, output / edition, settings, work)
    (output / "index.html").write_text(top_index_html(TITLE, list(editions)), encoding="utf-8")
    return output
