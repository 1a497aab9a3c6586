"""A page's form: posted strings to answers, answers back to strings, and the messages.

Answers follow the shared answers document (docs/scoring.md). The core checks them
with `validate_answers`; the messages shown here are the respondent's own, in the
round's language, one per field, next to that field.
"""

import math
from collections.abc import Mapping
from typing import Any

from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mognad.core.answers import PAIR_PARTS, validate_answers
from mognad.core.model import (
    ChoiceItem,
    Instrument,
    Item,
    MultiItem,
    NumberItem,
    PairItem,
    Scale,
    ScaleItem,
    TextItem,
)
from mognad.core.single import accepts_page
from mognad.web.apps.respond.pages import hidden_items, number_text
from mognad.web.apps.rounds.instrument import instrument_scoring

Raw = dict[str, list[str]]


def field_names(item: Item) -> list[str]:
    if isinstance(item, PairItem):
        return [f"{item.key}:{part}" for part in PAIR_PARTS]
    return [item.key]


def raw_from_post(items: list[Item], data: QueryDict) -> Raw:
    return {name: data.getlist(name) for item in items for name in field_names(item)}


def raw_from_answers(items: list[Item], answers: Mapping[str, Any]) -> Raw:
    """The stored answers as the strings a form would have posted."""
    raw: Raw = {}
    for item in items:
        value = answers.get(item.key)
        if isinstance(item, PairItem):
            parts = value if isinstance(value, Mapping) else {}
            for part in PAIR_PARTS:
                raw[f"{item.key}:{part}"] = _strings(parts.get(part))
        else:
            raw[item.key] = _strings(value)
    return raw


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, float):
        return [number_text(value)]
    return [str(value)]


# --- parsing -------------------------------------------------------------------------


def parse(
    instrument: Instrument, items: list[Item], raw: Raw
) -> tuple[dict[str, Any], dict[str, str]]:
    """Answers by item key (None: left empty) and messages by field for what cannot be read.

    An item with a message is left out of the answers, so its stored answer stays.
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for item in items:
        if isinstance(item, PairItem):
            value, item_errors = _pair(instrument.resolve_scale(item), item.key, raw)
        else:
            value, message = _single(instrument, item, raw.get(item.key, []))
            item_errors = {} if message is None else {item.key: message}
        errors.update(item_errors)
        if not item_errors:
            values[item.key] = value
    return values, errors


def _pair(scale: Scale, key: str, raw: Raw) -> tuple[Any, dict[str, str]]:
    parts: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for part in PAIR_PARTS:
        name = f"{key}:{part}"
        value, message = _scale(scale, _first(raw.get(name, [])))
        if message is not None:
            errors[name] = message
        elif value is not None:
            parts[part] = value
    return (parts or None), errors


def _single(instrument: Instrument, item: Item, strings: list[str]) -> tuple[Any, str | None]:
    if isinstance(item, ScaleItem):
        return _scale(instrument.resolve_scale(item), _first(strings))
    if isinstance(item, ChoiceItem):
        return (_first(strings) or None), None
    if isinstance(item, MultiItem):
        # Nothing ticked reads as unanswered: instruments offer "none of these" for a no.
        ticked = list(dict.fromkeys(s for s in strings if s))
        return (ticked or None), None
    if isinstance(item, NumberItem):
        return _number(item, _first(strings).strip())
    assert isinstance(item, TextItem)
    # Browsers send line breaks as CRLF but count them as one character for maxlength.
    text = _first(strings).replace("\r\n", "\n").strip()
    return (text or None), None


def _scale(scale: Scale, text: str) -> tuple[Any, str | None]:
    if not text:
        return None, None
    if text in {m.key for m in scale.missing}:
        return text, None
    try:
        return int(text), None
    except ValueError:
        return None, _("Please choose one of the options.")


def _number(item: NumberItem, text: str) -> tuple[Any, str | None]:
    if not text:
        return None, None
    try:
        number = float(text.replace(",", ".").replace(" ", ""))
    except ValueError:
        return None, number_message(item)
    if not math.isfinite(number):
        return None, number_message(item)
    return (int(number) if number.is_integer() else number), None


def _first(strings: list[str]) -> str:
    return strings[0] if strings else ""


# --- checking ------------------------------------------------------------------------


def merged(answers: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """Stored answers with a page's values laid over them; an empty field removes one."""
    result = dict(answers)
    for key, value in values.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def page_errors(
    instrument: Instrument, items: list[Item], answers: Mapping[str, Any]
) -> dict[str, str]:
    """A message for each field of the page's shown items that the core finds wrong."""
    on_page = {item.key: item for item in items}
    hidden = hidden_items(instrument, items, answers)
    shown = {key for key in on_page if key not in hidden}
    # Nearly every page is answered well: a look at its own answers says so, where
    # validating every answer of the questionnaire took a tenth of a saved page's
    # instructions. The other pages' answers were checked as they were saved.
    if accepts_page(instrument_scoring(instrument), answers, shown):
        return {}
    errors: dict[str, str] = {}
    for problem in validate_answers(instrument, answers):
        item = on_page.get(problem.item)
        if item is None or item.key in hidden:
            continue
        name = (
            problem.field
            if problem.part or not isinstance(item, PairItem)
            else f"{item.key}:importance"
        )
        unanswered = _part_value(answers.get(item.key), problem.part) is None
        errors.setdefault(name, message_for(instrument, item, answers.get(item.key), unanswered))
    return errors


def _part_value(value: Any, part: str | None) -> Any:
    if part is None:
        return value
    return value.get(part) if isinstance(value, Mapping) else None


def message_for(instrument: Instrument, item: Item, value: Any, unanswered: bool) -> str:
    if unanswered:
        return _("Please answer this question.")
    if isinstance(item, NumberItem):
        return number_message(item)
    if isinstance(item, TextItem):
        return _("Please keep it to at most %(count)s characters.") % {"count": item.max_length}
    if isinstance(item, MultiItem):
        return _multi_message(instrument, item, value)
    return _("Please choose one of the options.")


def _multi_message(instrument: Instrument, item: MultiItem, value: Any) -> str:
    ticked = value if isinstance(value, list) else []
    exclusive = [o for o in item.options if o.exclusive and o.key in ticked]
    if exclusive and len(ticked) > 1:
        label = instrument.text(exclusive[0].label, get_language())
        return _("“%(option)s” cannot be ticked together with other options.") % {"option": label}
    return _("Please tick only options from the list.")


def number_message(item: NumberItem) -> str:
    bounds = {"min": number_text(item.min), "max": number_text(item.max)}
    if item.integer:
        return _("Please give a whole number from %(min)s to %(max)s.") % bounds
    return _("Please give a number from %(min)s to %(max)s.") % bounds
