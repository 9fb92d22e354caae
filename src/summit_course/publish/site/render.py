"""The site's own HTML and its "run this lesson" box, rendered from Jinja2 templates in ``parts/``.

Autoescaping is on for every template: a value (a lesson's title, a link, a widget's alt
text) is escaped once, by the template, and no caller passes markup it built by hand.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

__all__ = ["render"]


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("summit_course.publish.site", "parts"), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True,
                       lstrip_blocks=True)


def render(template: str, **values) -> str:
    """``parts/<template>`` filled with ``values`` (each escaped where it is inserted)."""
    return _environment().get_template(template).render(**values)
