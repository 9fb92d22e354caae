"""The instructor's and students' HTML pages (feedback, report), rendered from Jinja2 templates.

Autoescaping is on for every template: a value is escaped unless it is :class:`~markupsafe.Markup`,
which only three things make: :func:`markdown` (hints and feedback, escaped first, then their
inline Markdown), a chart's ``<figure>`` and a section rendered by another template. So one
convention holds everywhere and a student's name or answer can never become markup.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup

from ..hints import markdown_html

__all__ = ["Markup", "markdown", "render", "render_markup"]


def markdown(text) -> Markup:
    """Feedback or hint text (inline Markdown: `code`, **strong**, *emphasis*) as safe HTML."""
    return Markup(markdown_html(str(text)))


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    environment = Environment(loader=PackageLoader("summit_course.reports", "templates"), autoescape=True,
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters["markdown"] = markdown
    return environment


def render(template: str, **context) -> str:
    """Render ``templates/<template>`` with ``context`` (every value escaped unless Markup)."""
    return _environment().get_template(template).render(**context)


def render_markup(template: str, **context) -> Markup:
    """A section rendered by a template, to place into a page as it is."""
    return Markup(render(template, **context))
