"""The preview of an instrument (and the editor's live preview): a page as respondents see it.

Built by the respondent pages' own `QuestionBuilder` and shown with their field
template, so the preview cannot drift from what respondents get. It shows every
question of the page (a condition is only noted), in any of the instrument's
languages, and answers nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mognad.core.lint_rules import Path
from mognad.core.model import Dimension, Instrument
from mognad.web.apps.respond.pages import (
    Question,
    QuestionBuilder,
    Text,
    local,
    local_text,
    page_dimensions,
)


@dataclass(frozen=True)
class PreviewSection:
    title: Text
    description: Text | None
    depth: int
    questions: list[tuple[Question, bool]]  # each question, and whether it has a condition


@dataclass(frozen=True)
class Preview:
    lang: str
    languages: list[str]
    page: int
    total: int
    sections: list[PreviewSection]
    unavailable: bool = False


def preview_context(instrument: Instrument, path: Path, lang: str, page: int = 0) -> Preview:
    """The page of the element at `path` (or page `page`, from 1) in `lang`."""
    if lang not in instrument.languages:
        lang = instrument.default_language
    pages = page_dimensions(instrument)
    number = page or _page_of(instrument, path, pages)
    number = min(max(number, 1), max(len(pages), 1))
    if not pages:
        return Preview(lang, list(instrument.languages), 1, 0, [])
    builder = QuestionBuilder(instrument, lang, {}, {})
    try:
        sections = [
            _section(instrument, builder, dim, lang, dim is pages[number - 1])
            for dim in pages[number - 1].subtree()
        ]
    except KeyError:
        # A question names a scale that does not exist; lint says which, the page waits.
        return Preview(lang, list(instrument.languages), number, len(pages), [], unavailable=True)
    return Preview(lang, list(instrument.languages), number, len(pages), sections)


def item_count(instrument: Instrument) -> int:
    return sum(1 for _ in instrument.walk_items())


def _page_of(instrument: Instrument, path: Path, pages: Sequence[Dimension]) -> int:
    if len(path) >= 2 and path[0] == "dimensions" and isinstance(path[1], int):
        top = instrument.dimensions[path[1]] if path[1] < len(instrument.dimensions) else None
        return next((n for n, dim in enumerate(pages, start=1) if dim is top), 1)
    return 1


def _section(
    instrument: Instrument, builder: QuestionBuilder, dim: Dimension, lang: str, top: bool
) -> PreviewSection:
    return PreviewSection(
        local_text(instrument, dim.title, lang),
        local(instrument, dim.description, lang),
        0 if top else 1,
        [(builder.question(item), item.show_if is not None) for item in dim.items],
    )
