"""The folder to publish: the learner edition and JupyterLite, never the instructor edition.

``public_site(root, output, lite=...)`` writes ``output/site/learner/``, a copy of a
JupyterLite build in ``output/lite/`` (so each page's ``../../lite/`` link resolves), the
whole course to download (``output/download/summit-at-vostochny.zip``, a student release of
every lesson) and an ``output/index.html`` that sends visitors to the learner edition. The finished folder is
scanned (:func:`.audit.public_problems`); on any finding it is deleted and the build refused.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ...authoring.exercises import instructor_exercises
from ...authoring.lessons import Course
from ...data import course_data
from .audit import public_problems
from .build import SiteSettings, binder_repo, build_edition
from .frame import SiteError
from .render import render

__all__ = ["COURSE_ZIP", "PUBLIC_MARK", "public_site"]

#: In the public folder's index.html: the mark that lets a rebuild replace the folder.
PUBLIC_MARK = "<!-- summit-course public site -->"
#: The whole course for a learner's own computer: a student release of every lesson, zipped.
COURSE_NAME = "summit-at-vostochny"
COURSE_ZIP = f"download/{COURSE_NAME}.zip"


def _course_zip(root: Path, output: Path, work: Path | None) -> Path:
    """A student release of every lesson (lessons, data, wheel, requirements.txt, README), as a zip."""
    import tempfile

    from ..release import release

    with tempfile.TemporaryDirectory(prefix="course-zip-", dir=work) as scratch:
        stems = [p.stem for p in Course(root).notebooks()]
        bundle = release(root, Path(scratch), lessons=stems, name=COURSE_NAME)
        target = output / COURSE_ZIP
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(bundle.with_suffix(".zip")), target)
    return target


def _clear(output: Path) -> None:
    """Remove an earlier public folder; refuse a folder that holds anything else."""
    if not output.exists():
        return
    if not output.is_dir():
        raise SiteError(f"{output} is a file, not a folder; choose another --output.")
    index = output / "index.html"
    earlier = index.is_file() and PUBLIC_MARK in index.read_text("utf-8", errors="replace")
    if not earlier and any(output.iterdir()):
        raise SiteError(f"{output} exists and is not a public site built by summit-course; nothing was "
                        "changed. Choose another --output, or empty that folder.")
    shutil.rmtree(output)


def public_site(root, output, lite=None, learner=None, work: Path | None = None) -> Path:
    """Write the publishable folder; ``learner``: copy this built learner edition instead of building one
    (its JupyterLite links must match ``lite``)."""
    root, output = Path(root).resolve(), Path(output).resolve()
    if lite is not None and not (Path(lite) / "lab" / "index.html").is_file():
        raise SiteError(f"{lite} is not a JupyterLite build (no lab/index.html): run `make lite` first, "
                        "or leave --lite out to publish without JupyterLite links.")
    _clear(output)
    _course_zip(root, output, work)
    target = output / "site" / "learner"
    if learner is None:
        settings = SiteSettings(binder=binder_repo(), lite="../../lite/" if lite is not None else None,
                                course_zip=f"../../{COURSE_ZIP}")
        build_edition(root, "learner", target, settings, work)
    else:
        shutil.copytree(learner, target)
    if lite is not None:
        shutil.copytree(lite, output / "lite")
    (output / "index.html").write_text(render("redirect.html", mark=PUBLIC_MARK, title="Summit at Vostochny"),
                                       encoding="utf-8")
    course = Course(root)
    entries = instructor_exercises(course.exercise_sources) if course.exercise_sources.is_dir() else []
    with course_data(root):
        found = public_problems(output, entries, root / "lessons", course.solutions)
    if found:
        shutil.rmtree(output)
        raise SiteError("Refusing to publish: the folder would show students what is not theirs:\n  "
                        + "\n  ".join(found[:20]))
    return output
