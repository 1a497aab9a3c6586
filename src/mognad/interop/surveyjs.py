"""SurveyJS JSON to instrument: pages and panels become dimensions.

radiogroup / dropdown / buttongroup / imagepicker become choice items,
checkbox / tagbox multiple choice, rating a scale, boolean yes/no, text and
comment text (or a number for `inputType: number`), and each row of a single
`matrix` a choice item of its own. Localised strings (`{"default": …, "de": …}`)
become translations; numeric choice values become scores, and a quiz's
`correctAnswer` scores the right option 1 and the others 0.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from mognad.interop.draft import Condition, Draft, Group, Kind, Opt, Question, Test, Text
from mognad.interop.languages import language_code
from mognad.interop.report import ImportFailed, ImportReport
from mognad.interop.untrusted import MAX_DEPTH, parse_json

CHOICE = frozenset({"radiogroup", "dropdown", "buttongroup", "imagepicker"})
MULTI = frozenset({"checkbox", "tagbox"})
# Survey-level features that shape results or flow; each is reported when present.
SURVEY_FEATURES = {
    "calculatedValues": "calculated values",
    "triggers": "triggers",
    "completedHtmlOnCondition": "result messages on conditions",
    "timeLimit": "time limits",
    "timeLimitPerPage": "time limits",
}
_TEXT_INPUTS = frozenset({"text", "email", "tel", "url", "search"})


def import_surveyjs(data: bytes, source: str) -> Draft:
    survey = parse_json(data, source)
    if not isinstance(survey, dict):
        raise ImportFailed(source, "a SurveyJS survey is a JSON object with 'pages'")
    _refuse_non_surveys(survey, source)
    return _Reader(source, survey).draft()


def _refuse_non_surveys(survey: dict[str, Any], source: str) -> None:
    if "$schema" in survey or "definitions" in survey:
        raise ImportFailed(source, "this is a JSON Schema, not a SurveyJS survey definition")
    if isinstance(survey.get("pages"), list) or isinstance(survey.get("elements"), list):
        return
    unsupported = [name for key, name in SURVEY_FEATURES.items() if key in survey]
    if unsupported:
        raise ImportFailed(
            f"{source}: $", f"no pages or questions, only {', '.join(unsupported)}, which "
            "Mognad instruments have no equivalent for"
        )  # fmt: skip
    raise ImportFailed(
        f"{source}: $",
        "no 'pages' or 'elements': not a SurveyJS survey definition "
        "(survey results, the 'data' of a survey, cannot be imported as an instrument)",
    )


@dataclass
class _Reader:
    source: str
    survey: dict[str, Any]
    langs: list[str] = field(default_factory=list)
    report: ImportReport = field(init=False)

    def __post_init__(self) -> None:
        self.report = ImportReport("SurveyJS", self.source)
        self.default = language_code(_str(self.survey.get("locale"))) or "en"
        self.langs = [self.default]

    def draft(self) -> Draft:
        for key, name in SURVEY_FEATURES.items():
            if key in self.survey:
                self.report.drop(f"$.{key}", f"{name} have no Mognad equivalent")
        pages = self.survey.get("pages")
        if not isinstance(pages, list):
            pages = [{"name": "page1", "elements": self.survey.get("elements")}]
        groups = [self._page(page, f"$.pages[{n}]", n) for n, page in enumerate(pages)]
        name = _str(self.survey.get("surveyId")) or PurePath(self.source).stem
        title = self._text(self.survey.get("title")) or {self.default: PurePath(self.source).stem}
        draft = Draft(name, title, self.langs, self.default, self.report)
        draft.description = self._text(self.survey.get("description")) or None
        draft.groups = [g for g in groups if g is not None]
        return draft

    # --- texts ------------------------------------------------------------------------

    def _text(self, value: object) -> Text:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return {self.default: str(value)} if str(value).strip() else {}
        if not isinstance(value, dict):
            return {}
        text: Text = {}
        for key, local in value.items():
            lang = self.default if key == "default" else language_code(str(key))
            if lang is None or not isinstance(local, str) or not local.strip():
                continue
            if lang not in self.langs:
                self.langs.append(lang)
            text.setdefault(lang, local)
        return text

    # --- pages, panels, elements --------------------------------------------------------

    def _page(self, page: object, place: str, n: int) -> Group | None:
        if not isinstance(page, dict):
            self.report.drop(place, "a page that is not a JSON object")
            return None
        name = _str(page.get("name")) or f"page{n + 1}"
        title = self._text(page.get("title")) or {self.default: name}
        group = Group(name, title, place, self._text(page.get("description")) or None)
        self._elements(group, page.get("elements", page.get("questions")), place, 1)
        return group

    def _elements(self, group: Group, elements: object, place: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise ImportFailed(f"{self.source}: {place}", f"panels nested deeper than {MAX_DEPTH}")
        if not isinstance(elements, list):
            return
        for n, element in enumerate(elements):
            here = f"{place}.elements[{n}]"
            if not isinstance(element, dict):
                self.report.drop(here, "an element that is not a JSON object")
                continue
            self._element(group, element, here, depth)

    def _element(self, group: Group, element: dict[str, Any], place: str, depth: int) -> None:
        kind, name = _str(element.get("type")).lower(), _str(element.get("name"))
        if kind == "panel":
            panel = Group(name or f"panel-{depth}", self._text(element.get("title")) or
                          {self.default: name or "panel"}, place)  # fmt: skip
            self._elements(panel, element.get("elements"), place, depth + 1)
            group.groups.append(panel)
            return
        if kind == "matrix":
            group.questions += self._matrix(element, name, place)
            return
        if not name:
            self.report.drop(place, f"a '{kind}' element without a name is not a question")
            return
        question = self._question(element, kind, name, place)
        if question is not None:
            self._common(question, element)
            group.questions.append(question)

    def _question(
        self, element: dict[str, Any], kind: str, name: str, place: str
    ) -> Question | None:
        if kind in CHOICE and not (kind == "imagepicker" and element.get("multiSelect")):
            return self._choice(element, name, place, "choice")
        if kind in MULTI or kind == "imagepicker":
            return self._choice(element, name, place, "multi")
        if kind == "rating":
            return self._rating(element, name, place)
        if kind == "boolean":
            return self._boolean(element, name, place)
        if kind == "comment":
            return self._base(element, name, place, "text")
        if kind == "text":
            return self._text_input(element, name, place)
        if kind == "slider" and element.get("sliderType", "single") == "single":
            return self._number_input(element, name, place)
        self.report.drop(place, f"'{name}': the type '{kind}' has no Mognad equivalent")
        return None

    def _base(self, element: dict[str, Any], name: str, place: str, kind: Kind) -> Question:
        text = self._text(element.get("title")) or {self.default: name}
        return Question(name, kind, text, place)

    def _common(self, question: Question, element: dict[str, Any]) -> None:
        question.help = self._text(element.get("description")) or None
        question.required = element.get("isRequired") is True
        visible = element.get("visibleIf")
        if isinstance(visible, str) and visible.strip():
            question.show_if = parse_expression(visible)
            if question.show_if is None:
                self.report.drop(
                    question.place, f"visibleIf '{visible}' is not a simple comparison"
                )
        for key in ("enableIf", "requiredIf", "validators", "choicesVisibleIf", "defaultValue"):
            if key in element:
                self.report.drop(question.place, f"{key} of '{question.name}' is left out")

    # --- the question types -------------------------------------------------------------

    def _choice(self, element: dict[str, Any], name: str, place: str, kind: Kind) -> Question:
        question = self._base(element, name, place, kind)
        question.options = self._choices(element.get("choices"), f"{place}.choices")
        correct = element.get("correctAnswer")
        if correct is not None and kind == "choice":
            for option in question.options:
                option.score = 1.0 if option.name == _str(correct) else 0.0
            self.report.change(place, f"'{name}': the correct answer scores 1, the others 0")
        for flag, what in (("showOtherItem", "other"), ("showSelectAllItem", "select all")):
            if element.get(flag) is True:
                self.report.drop(place, f"the '{what}' answer of '{name}' is left out")
        if element.get("showNoneItem") is True:
            none = self._text(element.get("noneText")) or {self.default: "None"}
            question.options.append(Opt("none", none, None, exclusive=kind == "multi"))
        return question

    def _choices(self, choices: object, place: str) -> list[Opt]:
        options: list[Opt] = []
        for n, choice in enumerate(choices if isinstance(choices, list) else []):
            if isinstance(choice, dict):
                value, label = choice.get("value"), choice.get("text")
            else:
                value, label = choice, None
            if value is None or isinstance(value, dict | list):
                self.report.drop(f"{place}[{n}]", "a choice without a value")
                continue
            text = self._text(label) or {self.default: _str(value)}
            options.append(Opt(_str(value), text, _number(value)))
        return options

    def _rating(self, element: dict[str, Any], name: str, place: str) -> Question:
        values = element.get("rateValues")
        if isinstance(values, list) and values:
            question = self._base(element, name, place, "choice")
            question.options = self._choices(values, f"{place}.rateValues")
            return question
        question = self._base(element, name, place, "scale")
        low, high = _int(element.get("rateMin"), 1), _int(element.get("rateMax"), 5)
        question.min, question.max = low, high
        question.options = [
            Opt(str(value), text, float(value))
            for value, key in ((low, "minRateDescription"), (high, "maxRateDescription"))
            if (text := self._text(element.get(key)))
        ]
        return question

    def _boolean(self, element: dict[str, Any], name: str, place: str) -> Question:
        question = self._base(element, name, place, "choice")
        question.options = [
            Opt(_str(element.get(value_key, default)),
                self._text(element.get(label_key)) or {self.default: label}, score)
            for value_key, default, label_key, label, score in (
                ("valueTrue", "true", "labelTrue", "Yes", 1.0),
                ("valueFalse", "false", "labelFalse", "No", 0.0),
            )
        ]  # fmt: skip
        return question

    def _text_input(self, element: dict[str, Any], name: str, place: str) -> Question | None:
        input_type = _str(element.get("inputType") or "text").lower()
        if input_type in ("number", "range"):
            return self._number_input(element, name, place)
        if input_type in _TEXT_INPUTS:
            question = self._base(element, name, place, "text")
            question.multiline = False
            return question
        self.report.drop(place, f"'{name}': a text input of type '{input_type}' is left out")
        return None

    def _number_input(self, element: dict[str, Any], name: str, place: str) -> Question:
        question = self._base(element, name, place, "number")
        question.min, question.max = _float(element.get("min")), _float(element.get("max"))
        step = _float(element.get("step"))
        question.integer = step is not None and step.is_integer()
        return question

    def _matrix(self, element: dict[str, Any], name: str, place: str) -> list[Question]:
        rows, columns = (
            element.get("rows"),
            self._choices(element.get("columns"), f"{place}.columns"),
        )
        questions = []
        for n, row in enumerate(rows if isinstance(rows, list) else []):
            value = row.get("value") if isinstance(row, dict) else row
            if value is None or isinstance(value, dict | list) or not name:
                self.report.drop(f"{place}.rows[{n}]", "a matrix row without a value")
                continue
            label = row.get("text") if isinstance(row, dict) else None
            text = self._text(label) or {self.default: _str(value)}
            question = Question(f"{name}.{_str(value)}", "choice", text, f"{place}.rows[{n}]")
            question.options = [Opt(c.name, dict(c.label), c.score) for c in columns]
            question.required = element.get("isAllRowRequired") is True
            questions.append(question)
        if questions:
            self.report.change(place, f"matrix '{name}': each row became a choice item")
        return questions


def _str(value: object) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _float(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _number(value: object) -> float | None:
    """A value usable as a score: finite and within what the format allows."""
    number = _float(value)
    return number if number is not None and abs(number) <= 1000 else None


def _int(value: object, default: int) -> int:
    number = _number(value)
    return int(number) if number is not None and number.is_integer() else default


_VALUE = (
    r"(?:'(?P<quoted>[^']*)'|\"(?P<dquoted>[^\"]*)\""
    r"|(?P<number>-?\d+(?:\.\d+)?)|(?P<word>true|false))"
)
_COMPARE = re.compile(
    r"^\{(?P<item>[^{}]+)\}\s*(?P<op>==|=|>=|<=|contains|anyof)\s*(?:"
    + _VALUE
    + r"|\[(?P<list>[^\]]*)\])$",
    re.IGNORECASE,
)
_EMPTY = re.compile(r"^\{(?P<item>[^{}]+)\}\s+(?P<op>notempty|empty)$", re.IGNORECASE)
_OPS = {"=": "equals", "==": "equals", ">=": "at_least", "<=": "at_most", "contains": "includes",
        "anyof": "in"}  # fmt: skip


def parse_expression(expression: str) -> Condition | None:
    """A show-if for `{q} = 'x'`, `{q} >= 3`, `{q} contains 'x'`, `{q} notempty`, joined by
    one of and/or; None for anything else."""
    text = " ".join(expression.split())
    lowered = text.lower()
    for word, combine in ((" and ", "all"), (" or ", "any")):
        other = " or " if word == " and " else " and "
        if word in lowered and other not in lowered:
            parts = re.split(word, text, flags=re.IGNORECASE)
            tests = [_test(part) for part in parts]
            if any(t is None for t in tests):
                return None
            return Condition([t for t in tests if t is not None], combine)  # type: ignore[arg-type]
    test = _test(text)
    return None if test is None else Condition([test])


def _test(part: str) -> Test | None:
    part = part.strip()
    if match := _EMPTY.match(part):
        return Test(match["item"], "answered", match["op"].lower() == "notempty")
    match = _COMPARE.match(part)
    if match is None:
        return None
    op = _OPS[match["op"].lower()]
    if match["list"] is not None:
        values = [v.strip().strip("'\"") for v in match["list"].split(",") if v.strip()]
        return Test(match["item"], "in", values) if op == "in" else None
    value: object = _value(match)
    if op == "in":
        value = [value]
    return Test(match["item"], op, value)  # type: ignore[arg-type]


def _value(match: re.Match[str]) -> object:
    if match["number"] is not None:
        number = float(match["number"])
        return int(number) if number.is_integer() else number
    if match["word"] is not None:
        return match["word"].lower()
    return match["quoted"] if match["quoted"] is not None else match["dquoted"]
