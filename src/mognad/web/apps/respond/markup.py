"""The HTML of a page's questions, written in Python rather than one template include per field.

A page shows up to a few hundred radio buttons; rendering each through the template
engine was a third of a respondent's server time. The markup is the same as a template
would give: every value escaped, every field labelled, errors tied to their fields.

A question's markup is cut where the respondent's answers go (a `checked`, a typed
value) and the cut is kept per instrument, language and item, so a page without
errors is only joined together from the answers.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from mognad.core.model import Instrument, Item
from mognad.web.apps.respond.forms import field_names
from mognad.web.apps.respond.pages import Choice, Field, Question, QuestionBuilder, Text
from mognad.web.apps.rounds.instrument import PerInstrument

# A private-use character marking where answers go; stripped from every text first.
SLOT = "\ue002"
Raw = Mapping[str, list[str]]


@dataclass(frozen=True)
class Slot:
    """Where an answer goes: a choice's `checked` (with its value) or a typed value."""

    name: str
    value: str | None

    def fill(self, raw: Raw) -> str:
        given = raw.get(self.name, [])
        if self.value is not None:
            return " checked" if self.value in given else ""
        return escape(given[0], quote=True) if given else ""


@dataclass(frozen=True)
class Cut:
    pieces: tuple[str, ...]
    slots: tuple[Slot, ...]

    def fill(self, raw: Raw) -> str:
        out = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            out += (slot.fill(raw), piece)
        return "".join(out)


def questions_html(
    instrument: Instrument,
    lang: str,
    items: list[Item],
    raw: Raw,
    errors: Mapping[str, str],
) -> SafeString:
    """The shown `items` with the answers in `raw` and the messages in `errors`."""
    if not errors and not any(raw.values()):
        # A page not answered yet, as most are when first shown: the same for everyone.
        return _blank(instrument, lang, items)
    builder = QuestionBuilder(instrument, lang, {}, errors)
    html = []
    for item in items:
        if any(name in errors for name in field_names(item)):
            html.append(cut(builder.question(item)).fill(raw))
        else:
            html.append(_kept_cut(instrument, lang, item).fill(raw))
    return mark_safe("".join(html))  # every text and value is escaped below


# A question's cut per language, and pages not answered yet: a few megabytes at most.
_CUTS: PerInstrument[Cut] = PerInstrument(size=20_000)
_BLANKS: PerInstrument[SafeString] = PerInstrument(size=2_000)


def _kept_cut(instrument: Instrument, lang: str, item: Item) -> Cut:
    return _CUTS.get(
        instrument,
        (lang, item.key),
        lambda: cut(QuestionBuilder(instrument, lang, {}, {}).question(item)),
    )


def _blank(instrument: Instrument, lang: str, items: list[Item]) -> SafeString:
    def make() -> SafeString:
        return mark_safe("".join(_kept_cut(instrument, lang, item).fill({}) for item in items))

    return _BLANKS.get(instrument, (lang, tuple(item.key for item in items)), make)


def cut(q: Question) -> Cut:
    """The question's markup cut at its answer slots, in the order they appear."""
    slots = tuple(
        slot
        for field in q.fields
        for slot in (
            [Slot(field.name, c.value) for c in field.choices]
            if field.choices
            else [Slot(field.name, None)]
        )
    )
    pieces = tuple(_question(q).split(SLOT))
    assert len(pieces) == len(slots) + 1, q.key
    return Cut(pieces, slots)


def field_html(field: Field, help_text: Text | None, *, nested: bool) -> SafeString:
    """One field with the answers it was built with (its choices' `checked`, its value)."""
    pieces = _field(field, help_text, nested=nested).split(SLOT)
    fills = [" checked" if c.checked else "" for c in field.choices] or [_e(field.value)]
    out = [pieces[0]]
    for fill, piece in zip(fills, pieces[1:], strict=True):
        out += (fill, piece)
    return mark_safe("".join(out))  # every text and value is escaped below


def _question(q: Question) -> str:
    shown = f'<input type="hidden" name="_shown" value="{_e(q.key)}">'
    if not q.pair:
        return shown + _field(q.fields[0], q.help, nested=False)
    return (
        f'{shown}<fieldset class="question pair" id="{_e(q.id)}">'
        f"<legend{_lang(q.text)}>{_e(q.text)}</legend>{_help(q.help, '')}"
        f"{''.join(_field(f, q.help, nested=True) for f in q.fields)}</fieldset>"
    )


def _field(field: Field, help_text: Text | None, *, nested: bool) -> str:
    if field.widget in ("radio", "checkbox"):
        return _choices(field, None if nested else help_text, nested)
    return _input(field, help_text)


def _choices(field: Field, help_text: Text | None, nested: bool) -> str:
    classes = f"field {field.widget}{' part' if nested else ''}{' invalid' if field.error else ''}"
    described = f' aria-describedby="{_e(field.error_id)}"' if field.error else ""
    tick = gettext("Tick all that apply.")
    hint = f'<p class="hint">{_e(tick)}</p>' if field.widget == "checkbox" else ""
    invalid = ' aria-invalid="true"' if field.error else ""
    choices = "".join(_choice(field, choice, invalid) for choice in field.choices)
    return (
        f'<fieldset class="{classes}" id="{_e(field.id)}"{described}>'
        f"<legend{_lang(field.legend)}>{_e(field.legend)}</legend>"
        f"{_help(help_text, '')}{hint}{_error(field)}"
        f'<div class="choices">{choices}</div></fieldset>'
    )


def _choice(field: Field, choice: Choice, invalid: str) -> str:
    number = f'<span class="point">{_e(choice.number)}</span>' if choice.number else ""
    label = f" <span{_lang(choice.label)}>{_e(choice.label)}</span>" if choice.label else ""
    return (
        f'<div class="choice"><input type="{field.widget}" name="{_e(field.name)}" '
        f'id="{_e(choice.id)}" value="{_e(choice.value)}"{SLOT}{invalid}>'
        f'<label for="{_e(choice.id)}">{number}{label}</label></div>'
    )


def _input(field: Field, help_text: Text | None) -> str:
    fid = _e(field.id)
    hint = ""
    if field.widget == "number":
        unit = f" (<span{_lang(field.unit)}>{_e(field.unit)}</span>)" if field.unit else ""
        words = gettext("A number from %(low)s to %(high)s") % {
            "low": _e(field.low),
            "high": _e(field.high),
        }
        hint = f'<p class="hint" id="{fid}-hint">{words}{unit}</p>'
    return (
        f'<div class="field {field.widget}{" invalid" if field.error else ""}">'
        f'<label for="{fid}"{_lang(field.legend)}>{_e(field.legend)}</label>'
        f"{_help(help_text, f'{fid}-help')}{hint}{_error(field)}{_control(field, help_text)}</div>"
    )


def _control(field: Field, help_text: Text | None) -> str:
    fid, name = _e(field.id), _e(field.name)
    invalid = ' aria-invalid="true"' if field.error else ""
    if field.widget == "number":
        described = " ".join(
            [f"{fid}-hint", *([f"{fid}-help"] if help_text else []), *_error_ids(field)]
        )
        return (
            f'<input type="number" name="{name}" id="{fid}" value="{SLOT}" '
            f'min="{_e(field.low)}" max="{_e(field.high)}" step="{_e(field.step)}" '
            f'inputmode="decimal" aria-describedby="{described}"{invalid}>'
        )
    ids = [*([f"{fid}-help"] if help_text else []), *_error_ids(field)]
    described = f' aria-describedby="{" ".join(ids)}"' if ids else ""
    limit = f'maxlength="{_e(field.maxlength)}"'
    if field.multiline:
        return (
            f'<textarea name="{name}" id="{fid}" rows="4" {limit}{described}{invalid}>'
            f"{SLOT}</textarea>"
        )
    return (
        f'<input type="text" name="{name}" id="{fid}" value="{SLOT}" {limit}{described}{invalid}>'
    )


def _error_ids(field: Field) -> list[str]:
    return [_e(field.error_id)] if field.error else []


def _help(help_text: Text | None, help_id: str) -> str:
    if help_text is None:
        return ""
    id_attr = f' id="{help_id}"' if help_id else ""
    return f'<p class="help"{id_attr}{_lang(help_text)}>{_e(help_text)}</p>'


def _error(field: Field) -> str:
    if not field.error:
        return ""
    return f'<p class="error" id="{_e(field.error_id)}">{_e(field.error)}</p>'


def _lang(text: Text | None) -> str:
    return f' lang="{_e(text.lang)}"' if text is not None else ""


def _e(value: object) -> str:
    if value is None:
        return ""
    return escape(str(value).replace(SLOT, ""), quote=True)
