"""The HTML of a page's questions, written in Python rather than one template include per field.

A page shows up to a few hundred radio buttons; rendering each through the template
engine was a third of a respondent's server time. The markup is the same as a template
would give: every value escaped, every field labelled, errors tied to their fields.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from mognad.web.apps.respond.pages import Choice, Field, Question, Text


def questions_html(questions: list[Question]) -> SafeString:
    return mark_safe("".join(_question(q) for q in questions))  # every value is escaped below


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
    checked = " checked" if choice.checked else ""
    number = f'<span class="point">{_e(choice.number)}</span>' if choice.number else ""
    label = f" <span{_lang(choice.label)}>{_e(choice.label)}</span>" if choice.label else ""
    return (
        f'<div class="choice"><input type="{field.widget}" name="{_e(field.name)}" '
        f'id="{_e(choice.id)}" value="{_e(choice.value)}"{checked}{invalid}>'
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
            f'<input type="number" name="{name}" id="{fid}" value="{_e(field.value)}" '
            f'min="{_e(field.low)}" max="{_e(field.high)}" step="{_e(field.step)}" '
            f'inputmode="decimal" aria-describedby="{described}"{invalid}>'
        )
    ids = [*([f"{fid}-help"] if help_text else []), *_error_ids(field)]
    described = f' aria-describedby="{" ".join(ids)}"' if ids else ""
    limit = f'maxlength="{_e(field.maxlength)}"'
    if field.multiline:
        return (
            f'<textarea name="{name}" id="{fid}" rows="4" {limit}{described}{invalid}>'
            f"{_e(field.value)}</textarea>"
        )
    return (
        f'<input type="text" name="{name}" id="{fid}" value="{_e(field.value)}" '
        f"{limit}{described}{invalid}>"
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
    return escape(str(value), quote=True) if value is not None else ""
