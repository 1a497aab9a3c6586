"""The personal reflection: one respondent's own scores, level or phase, and questions.

Built only from the one response, so it can reveal nothing about anyone else.

Its markup is written here rather than by the template engine, which took most of the
page's time. What every respondent of an instrument sees alike in one language (the
page's words, the titles, the questions to reflect on, the bands' texts) is escaped
once and kept; each page only puts its own numbers and bands between those pieces.
Every text is escaped.
"""

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from html import escape
from typing import Any

from django.utils import formats, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from mognad.core.model import Dimension, Instrument, LocalText
from mognad.web.apps.respond.pages import Text, local, local_text
from mognad.web.apps.rounds.instrument import PerInstrument


@dataclass(frozen=True)
class Band:
    """A level or a phase as shown: beside a score, and on a line of its own."""

    inline: str  # <span lang>title</span>
    strong: str  # <strong lang>title</strong>
    description: str  # its <p>, or nothing


@dataclass(frozen=True)
class Frame:
    """The markup the reflection of one instrument in one language shows everybody."""

    head: str
    no_overall: str
    phase_word: str
    levels: dict[str, Band]
    phases: dict[str, Band]
    bars_head: str
    bars: tuple[tuple[str, str], ...]  # each dimension's key and its bar's opening
    not_enough: str
    tail: str  # the questions to reflect on and the closing words, SLOT for the day


def reflection_html(
    instrument: Instrument, scores: dict[str, Any], lang: str, day: date
) -> SafeString:
    """The reflection's content for one response's `scores`, in `lang`."""
    frame = _frame(instrument, lang)
    dimensions, levels, phases = (
        scores["dimensions"],
        scores["dimension_levels"],
        scores["dimension_phases"],
    )
    bars = [
        _bar(frame, opening, dimensions.get(key), levels.get(key), phases.get(key))
        for key, opening in frame.bars
    ]
    html = (
        f"{frame.head}{_overall(frame, scores)}{frame.bars_head}{''.join(bars)}"
        f"{frame.tail.replace(SLOT, _day(day, lang))}"
    )
    return mark_safe(html)  # every text is escaped where the frame is made


def shown_score(score: float | None) -> int | None:
    """The score as shown: rounded half up, the same rounding the levels use."""
    return None if score is None else math.floor(score + 0.5)


def _overall(frame: Frame, scores: dict[str, Any]) -> str:
    overall = shown_score(scores["overall"])
    if overall is None:
        html = frame.no_overall
    else:
        level = frame.levels.get(scores["level"] or "")
        named = f" · {level.strong}" if level else ""
        html = f'<p class="score-line"><span class="score">{overall}</span> / 100{named}</p>'
        html += level.description if level else ""
    phase = frame.phases.get(scores["phase"] or "")
    if phase is not None:
        html += f"<p>{frame.phase_word}: {phase.strong}</p>{phase.description}"
    return f"{html}</section>"


def _bar(
    frame: Frame, opening: str, score: float | None, level: str | None, phase: str | None
) -> str:
    shown = shown_score(score)
    if shown is None:
        return f"{opening}{frame.not_enough}</li>"
    named = "".join(
        f" · {band.inline}"
        for band in (frame.levels.get(level or ""), frame.phases.get(phase or ""))
        if band is not None
    )
    return (
        f'{opening}<svg class="bar-graphic" viewBox="0 0 100 6" preserveAspectRatio="none" '
        'aria-hidden="true" focusable="false"><rect class="bar-track" width="100" height="6">'
        f'</rect><rect class="bar-fill" width="{shown}" height="6"></rect></svg>'
        f'<span class="bar-value">{shown}{named}</span></li>'
    )


@lru_cache(maxsize=64)
def _day(day: date, lang: str) -> str:
    with translation.override(lang):
        return _e(formats.date_format(day, "DATE_FORMAT"))


# --- what everybody sees, kept per instrument and language -------------------------

# A private-use character where the day goes; no text of a catalogue holds one.
SLOT = "\ue003"
_FRAMES: PerInstrument[Frame] = PerInstrument(size=512)


def _frame(instrument: Instrument, lang: str) -> Frame:
    def make() -> Frame:
        with translation.override(lang):
            return _make_frame(instrument, lang)

    return _FRAMES.get(instrument, lang, make)


def _make_frame(instrument: Instrument, lang: str) -> Frame:
    lead = gettext(
        "These are your own answers only, as scores from 0 to 100. Nobody else's answers "
        "are shown here, and this page is not saved for you: print it if you want to keep it."
    )
    # Each gettext outside the f-strings: `make messages` (xgettext) does not look into them.
    thanks = gettext("Thank you — here is your reflection")
    by_theme = gettext("Your scores by theme")
    no_overall = gettext("Not enough answers for an overall score.")
    not_enough = gettext("not enough answers")
    overall = gettext("Overall")
    head = (
        f"<h1>{_e(thanks)}</h1>"
        f'<p class="lead">{_e(lead)}</p>'
        '<section class="overall" aria-labelledby="overall-heading">'
        f'<h2 id="overall-heading">{_e(overall)}</h2>'
    )
    bars_head = (
        '<section aria-labelledby="dimensions-heading">'
        f'<h2 id="dimensions-heading">{_e(by_theme)}</h2><ul class="bars">'
    )
    return Frame(
        head=head,
        no_overall=f"<p>{_e(no_overall)}</p>",
        phase_word=_e(gettext("Phase")),
        levels={
            lv.key: _band(instrument, lv.title, lv.description, lang) for lv in instrument.levels
        },
        phases={
            c.key: _band(instrument, c.title, c.description, lang)
            for c in (instrument.phases.categories if instrument.phases else [])
        },
        bars_head=bars_head,
        bars=tuple(
            (
                d.key,
                f'<li class="bar"><span class="bar-title"{_text(instrument, d.title, lang)}</span>',
            )
            for d in instrument.dimensions
        ),
        not_enough=f'<span class="bar-value">{_e(not_enough)}</span>',
        tail=f"</ul></section>{_questions(instrument, lang)}{_closing()}",
    )


def _questions(instrument: Instrument, lang: str) -> str:
    heading = gettext("Questions to reflect on")
    parts = [
        f'<section aria-labelledby="reflect-heading"><h2 id="reflect-heading">{_e(heading)}</h2>'
    ]
    for dim in instrument.dimensions:
        questions = _reflect(instrument, dim, lang)
        if questions:
            parts.append(f"<h3{_text(instrument, dim.title, lang)}</h3>")
            parts.append(f'<ul class="reflect">{"".join(questions)}</ul>')
    return "".join(parts) + "</section>"


def _reflect(instrument: Instrument, dim: Dimension, lang: str) -> list[str]:
    return [f"<li{_text(instrument, q, lang)}</li>" for sub in dim.subtree() for q in sub.reflect]


def _closing() -> str:
    answered = _e(gettext("Answered on %(day)s.")) % {"day": SLOT}
    hint = gettext("To keep this page, print it or save it as PDF from your browser's menu.")
    return f'<p>{answered}</p><p class="print-hint">{_e(hint)}</p>'


def _band(
    instrument: Instrument, title: LocalText, description: LocalText | None, lang: str
) -> Band:
    shown = local_text(instrument, title, lang)
    about = local(instrument, description, lang)
    return Band(
        inline=f"<span{_lang(shown)}>{_e(shown)}</span>",
        strong=f"<strong{_lang(shown)}>{_e(shown)}</strong>",
        description=f"<p{_lang(about)}>{_e(about)}</p>" if about else "",
    )


def _text(instrument: Instrument, value: LocalText, lang: str) -> str:
    """A tag's language attribute, the end of the tag and the text: `…lang="sv">Text`."""
    shown = local_text(instrument, value, lang)
    return f"{_lang(shown)}>{_e(shown)}"


def _lang(text: Text) -> str:
    return f' lang="{_e(text.lang)}"'


def _e(value: object) -> str:
    return escape(str(value).replace(SLOT, ""), quote=True)
