"""Respondent pages rendered once per shape and language, then filled in for each request.

All respondents of a round see the same page around their own values: the same texts,
words and progress, with only the CSRF token, the link's URLs, the client id and the
answers differing. So a page is rendered through its template once with marked holes
where those go, kept in memory, and each request fills the holes in. What goes into a
hole is escaped here unless it is markup already escaped (`SafeString`).
"""

import re
from collections.abc import Hashable, Mapping
from functools import lru_cache
from html import escape

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

# Private-use characters: no text of an instrument or a translation can hold them.
HOLE = "\ue000{}\ue001"
HOLES = re.compile("\ue000([^\ue001]*)\ue001")


def render(
    template: str, lang: str, context: Mapping[str, Hashable], holes: Mapping[str, str]
) -> str:
    """The template rendered with `context` in `lang`, and `holes` filled in."""
    static = tuple(sorted(context.items()))
    pieces = _skeleton(template, lang, static, tuple(sorted(holes)))
    filled = {
        name: value if isinstance(value, SafeString) else escape(value, quote=True)
        for name, value in holes.items()
    }
    # The page's text and the values between, joined in one pass over the page.
    parts = list(pieces)
    parts[1::2] = [filled[name] for name in pieces[1::2]]
    return "".join(parts)


# A few rounds, each page in each language: a few hundred kilobytes at most.
@lru_cache(maxsize=512)
def _skeleton(
    template: str, lang: str, static: tuple[tuple[str, Hashable], ...], holes: tuple[str, ...]
) -> tuple[str, ...]:
    """The rendered page split at its holes: its text, then a hole's name, then text…"""
    context = {**dict(static), **{name: mark_safe(HOLE.format(name)) for name in holes}}
    with translation.override(lang):
        return tuple(HOLES.split(render_to_string(template, context)))
