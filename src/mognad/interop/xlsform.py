"""XLSForm (ODK) to instrument: survey, choices and settings sheets.

Groups become dimensions (nested groups nested dimensions), questions outside
any group a dimension of their own; select_one / select_multiple / integer /
decimal / text (and their old spellings) become items; numeric choice names
become scores. `label::English (en)`, `label::en`, `label::English` and a plain
`label` are all read; sheet and column names in any case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from mognad.interop.draft import Condition, Draft, Group, Kind, Opt, Question, Test, Text
from mognad.interop.languages import language_code
from mognad.interop.report import ImportFailed, ImportReport
from mognad.interop.sheets import Row, read_sheets

_SELECT = re.compile(
    r"^(?P<kind>select_one|select one|select_multiple|select multiple|select all that apply)"
    r"(?: from)? (?P<list>\S+)(?P<other> or[_ ]other| or specify other)?$",
    re.IGNORECASE,
)
_PLAIN: dict[str, tuple[Kind, bool]] = {
    "integer": ("number", True),
    "int": ("number", True),
    "decimal": ("number", False),
    "text": ("text", False),
    "string": ("text", False),
}
_ALIASES = {
    "list name": "list_name",
    "bind:relevant": "relevant",
    "bind::relevant": "relevant",
    "bind:constraint": "constraint",
    "bind::constraint": "constraint",
    "bind:required": "required",
    "bind::required": "required",
}
# Filled in by the data collection app, never asked.
_META = frozenset(
    {
        "start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber",
        "username", "email", "audit", "start-geopoint", "background-audio",
    }
)  # fmt: skip
_TRUE = frozenset({"yes", "true", "true()", "1"})


@dataclass
class _Table:
    headers: list[str]
    rows: list[Row]

    def records(self) -> list[tuple[str, dict[str, str]]]:
        return [
            (row.place, {h: c for h, c in zip(self.headers, row.cells, strict=False) if h and c})
            for row in self.rows
        ]


def _table(rows: list[Row]) -> _Table:
    if not rows:
        return _Table([], [])
    headers = [_column(h) for h in rows[0].cells]
    return _Table(headers, rows[1:])


def _column(header: str) -> str:
    name = " ".join(header.strip().lower().split())
    name = _ALIASES.get(name, name)
    if re.match(r"^[a-z_]+:[^:]", name) and not name.startswith(("bind:", "instance:")):
        name = name.replace(":", "::", 1)
    return name


def import_xlsform(data: bytes, source: str) -> Draft:
    suffix = PurePath(source).suffix.lower()
    sheets = read_sheets(data, source, suffix)
    if "survey" not in sheets:
        found = ", ".join(sorted(sheets)) or "none"
        raise ImportFailed(source, f"an XLSForm needs a 'survey' sheet (found: {found})")
    reader = _Reader(source, sheets)
    return reader.draft()


@dataclass
class _Reader:
    source: str
    sheets: dict[str, list[Row]]
    langs: list[str] = field(default_factory=list)
    default: str = "en"
    report: ImportReport = field(init=False)

    def __post_init__(self) -> None:
        self.report = ImportReport("XLSForm", self.source)
        settings = _table(self.sheets.get("settings", [])).records()
        self.settings = settings[0][1] if settings else {}
        self.survey = _table(self.sheets["survey"])
        self.choices_table = _table(self.sheets.get("choices", []))
        self._languages()
        self.choices = self._choice_lists()

    # --- languages --------------------------------------------------------------------

    def _languages(self) -> None:
        declared = self.settings.get("default_language", "")
        self.default = (language_code(declared) or "") if declared else ""
        found: list[str] = []
        for header in [*self.survey.headers, *self.choices_table.headers]:
            lang = self._column_language(header)
            if lang and lang not in found:
                found.append(lang)
        self.default = self.default or (found[0] if found else "en")
        self.langs = [self.default, *(lang for lang in found if lang != self.default)]

    def _column_language(self, header: str) -> str | None:
        base, sep, lang = header.partition("::")
        if base not in ("label", "hint") or not sep:
            return None
        code = language_code(lang)
        if code is None:
            self.report.drop(
                f"column '{header}'",
                f"'{lang}' names no language Mognad knows; write it "
                "as 'Name (code)', e.g. 'English (en)': the column was left out",
            )
        return code

    def _texts(self, record: dict[str, str], base: str) -> Text:
        text: Text = {}
        for header, value in record.items():
            if header == base:
                text.setdefault(self.default, value)
            elif header.startswith(f"{base}::"):
                code = language_code(header[len(base) + 2 :])
                if code is not None:
                    text[code] = value
        return text

    # --- choices ----------------------------------------------------------------------

    def _choice_lists(self) -> dict[str, list[Opt]]:
        lists: dict[str, list[Opt]] = {}
        # A `score` column (written by Mognad's export) keeps keys and scores apart.
        scored_column = "score" in self.choices_table.headers
        for _place, record in self.choices_table.records():
            name, list_name = record.get("name", ""), record.get("list_name", "")
            if name and list_name:
                score = _number(record.get("score", "") if scored_column else name)
                missing = record.get("missing", "").lower() in _TRUE
                exclusive = record.get("exclusive", "").lower() in _TRUE
                lists.setdefault(list_name, []).append(
                    Opt(name, self._texts(record, "label"), score, missing, exclusive)
                )
        return lists

    # --- survey -----------------------------------------------------------------------

    def draft(self) -> Draft:
        title = {self.default: self._title()} | self._texts(self.settings, "form_title")
        root = Group(self.settings.get("form_id", "") or PurePath(self.source).stem, title,
                     "survey")  # fmt: skip
        stack = [root]
        loose: list[Group] = []
        for place, record in self.survey.records():
            self._row(place, record, stack, loose)
        if len(stack) > 1:
            self.report.drop(stack[-1].place, f"group '{stack[-1].name}' is never ended")
        draft = Draft(root.name, root.title, self.langs, self.default, self.report)
        draft.groups = root.groups
        return draft

    def _title(self) -> str:
        return self.settings.get("form_title") or PurePath(self.source).stem

    def _row(
        self, place: str, record: dict[str, str], stack: list[Group], loose: list[Group]
    ) -> None:
        raw = " ".join(record.get("type", "").split())
        kind = raw.lower().replace("_", " ")
        name = record.get("name", "")
        if not kind:
            return
        if kind in ("begin group", "begin repeat"):
            group = Group(name or f"group-{place}", self._texts(record, "label"), place)
            if kind == "begin repeat":
                self.report.change(place, f"repeat '{name}' becomes a dimension asked once")
            stack[-1].groups.append(group)
            stack.append(group)
        elif kind in ("end group", "end repeat"):
            if len(stack) > 1:
                stack.pop()
        else:
            question = self._question(place, record, raw, name)
            if question is not None:
                self._place(question, stack, loose)

    def _place(self, question: Question, stack: list[Group], loose: list[Group]) -> None:
        parent = stack[-1]
        if len(stack) == 1:
            if not parent.groups or parent.groups[-1] not in loose:
                group = Group(parent.name, parent.title, question.place)
                parent.groups.append(group)
                loose.append(group)
            parent = parent.groups[-1]
        parent.questions.append(question)

    def _question(
        self, place: str, record: dict[str, str], raw_kind: str, name: str
    ) -> Question | None:
        kind = raw_kind.lower().replace("_", " ")
        if kind in _META or kind in ("calculate", "note", "hidden"):
            what = "a note" if kind == "note" else "not a question"
            self.report.drop(place, f"'{name}' ({raw_kind}) is {what}: left out")
            return None
        select = _SELECT.match(raw_kind)
        if select is not None:
            return self._select(place, record, name, select)
        if kind == "range" and name:
            return self._range(place, record, name)
        if kind not in _PLAIN:
            self.report.drop(place, f"'{name}': the type '{raw_kind}' has no Mognad equivalent")
            return None
        if not name:
            self.report.drop(place, "a question without a name: left out")
            return None
        item_kind, integer = _PLAIN[kind]
        question = self._base(place, record, name, item_kind)
        question.integer = integer
        if item_kind == "number":
            self._bounds(question, record)
        return question

    def _base(self, place: str, record: dict[str, str], name: str, kind: Kind) -> Question:
        question = Question(name, kind, self._texts(record, "label"), place)
        question.help = self._texts(record, "hint") or None
        question.required = record.get("required", "").lower() in _TRUE
        relevant = record.get("relevant", "")
        if relevant:
            question.show_if = parse_relevant(relevant)
            if question.show_if is None:
                self.report.drop(place, f"the condition '{relevant}' is not a simple comparison")
        for column in ("constraint", "choice_filter", "calculation", "repeat_count"):
            if record.get(column) and not (column == "constraint" and kind == "number"):
                self.report.drop(place, f"{column} '{record[column]}' of '{name}' is left out")
        return question

    def _select(
        self, place: str, record: dict[str, str], name: str, match: re.Match[str]
    ) -> Question | None:
        multi = not match["kind"].lower().replace("_", " ").startswith("select one")
        options = self.choices.get(match["list"])
        if options is None:
            self.report.drop(
                place, f"'{name}': no choice list '{match['list']}' in the choices sheet"
            )
            return None
        if match["other"]:
            self.report.drop(place, f"the 'or other' answer of '{name}' is left out")
        question = self._base(place, record, name, "multi" if multi else "choice")
        question.options = [
            Opt(o.name, dict(o.label), o.score, o.missing, o.exclusive) for o in options
        ]
        return question

    def _range(self, place: str, record: dict[str, str], name: str) -> Question:
        """`range` with `start=1 end=5 step=1`: a scale when it steps by one, else a number."""
        given = dict(p.partition("=")[::2] for p in record.get("parameters", "").split())
        start, end, step = (_number(given.get(k, d)) for k, d in
                            (("start", "1"), ("end", "10"), ("step", "1")))  # fmt: skip
        whole = all(v is not None and v.is_integer() for v in (start, end))
        as_scale = whole and step == 1 and start is not None and end is not None
        question = self._base(place, record, name, "scale" if as_scale else "number")
        question.min, question.max = start, end
        question.integer = bool(whole and step is not None and step.is_integer())
        return question

    def _bounds(self, question: Question, record: dict[str, str]) -> None:
        constraint = record.get("constraint", "")
        if not constraint:
            return
        bounds = parse_bounds(constraint)
        if bounds is None:
            self.report.drop(
                question.place, f"constraint '{constraint}' of '{question.name}' is left out"
            )
            return
        question.min, question.max = bounds


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if abs(value) <= 1000 else None


_QUOTED = r"['\"‘’“”](?P<value>[^'\"‘’“”]*)['\"‘’“”]"
_COMPARE = re.compile(
    r"^\$\{(?P<item>[^}]+)\}\s*(?P<op>=|>=|<=)\s*(?:" + _QUOTED + r"|(?P<number>-?\d+(?:\.\d+)?))$"
)
_SELECTED = re.compile(r"^selected\(\s*\$\{(?P<item>[^}]+)\}\s*,\s*" + _QUOTED + r"\s*\)$")
_BOUND = re.compile(r"^\.\s*(?P<op>>=|<=|>|<)\s*(?P<number>-?\d+(?:\.\d+)?)$")


def parse_relevant(expression: str) -> Condition | None:
    """A show-if for `${q} = 'x'`, `selected(${q}, 'x')`, `${q} >= n`, joined by and/or."""
    text = " ".join(expression.split())
    for word, combine in ((" and ", "all"), (" or ", "any")):
        if word in text and (" and " not in text or " or " not in text):
            tests = [_test(part) for part in text.split(word)]
            if all(t is not None for t in tests):
                return Condition([t for t in tests if t is not None], combine)  # type: ignore[arg-type]
            return None
    test = _test(text)
    return None if test is None else Condition([test])


def _test(part: str) -> Test | None:
    part = part.strip()
    if match := _SELECTED.match(part):
        return Test(match["item"], "includes", match["value"])
    if match := _COMPARE.match(part):
        ops = {"=": "equals", ">=": "at_least", "<=": "at_most"}
        value: object = match["value"] if match["value"] is not None else float(match["number"])
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return Test(match["item"], ops[match["op"]], value)  # type: ignore[arg-type]
    return None


def parse_bounds(constraint: str) -> tuple[float, float] | None:
    """(min, max) from a constraint such as `. >= 0 and . <= 120`; None if it says more."""
    low = high = None
    for part in " ".join(constraint.split()).split(" and "):
        match = _BOUND.match(part.strip())
        if match is None:
            return None
        number = float(match["number"])
        if match["op"] in (">=", ">"):
            low = number
        else:
            high = number
    if low is None or high is None or high <= low:
        return None
    return low, high
