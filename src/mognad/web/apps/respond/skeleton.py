"""Respondent pages rendered once per shape and language, then filled in for each request.

All respondents of a round see the same page around their own values: the same texts,
words and progress, with only the CSRF token, the link's URLs, the client id and the
answers differing. So a page is rendered through its template once with marked holes
where those go, kept in memory, and each request fills the holes in. What goes into a
hole is escaped here unless it is markup already escaped (`SafeString`).
"""

from collections.abc import Hashable, Mapping
from functools import lru_cache
from html import escape

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

# Private-use characters: no text of an instrument or a translation can hold them.
HOLE = "\ue000{}\ue001"


def render(
    template: str, lang: str, context: Mapping[str, Hashable], holes: Mapping[str, str]
) -> str:
    """The template rendered with `context` in `lang`, and `holes` filled in."""
    static = tuple(sorted(context.items()))
    html = _skeleton(template, lang, static, tuple(sorted(holes)))
    for name, value in holes.items():
        filled = value if isinstance(value, SafeString) else escape(value, quote=True)
        html = html.replace(HOLE.format(name), filled)
    return html


# A few rounds, each page in each language: a few hundred kilobytes at most.
@lru_cache(maxsize=512)
def _skeleton(
    template: str, lang: str, static: tuple[tuple[str, Hashable], ...], holes: tuple[str, ...]
) -> str:
    context = {**dict(static), **{name: mark_safe(HOLE.format(name)) for name in holes}}
    with translation.override(lang):
        return render_to_string(template, context)
