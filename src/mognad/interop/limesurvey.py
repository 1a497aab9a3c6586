"""LimeSurvey survey structure (.lss) to instrument.

Groups become dimensions; questions become items, and each subquestion of an
array (or of multiple numbers or texts) an item of its own; answer options keep
their codes, and their assessment values (else numeric codes) become scores.
Every language of the survey is read, right-to-left ones included. HTML in
texts becomes plain text. Conditions — the `<conditions>` table, else the
question's relevance expression — become show-if where they map.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import PurePath
from xml.etree.ElementTree import Element

from mognad.interop.draft import Draft, Group, Kind, Opt, Question, Test, Text
from mognad.interop.languages import language_code
from mognad.interop.limesurvey_logic import conditions_to_show_if, number, parse_relevance
from mognad.interop.report import ImportFailed, ImportReport
from mognad.interop.untrusted import parse_xml

Row = dict[str, str]

# type code: (item kind, what it is). Arrays are listed in ARRAYS.
SINGLE: dict[str, tuple[Kind, str]] = {
    "L": ("choice", "list (radio)"), "!": ("choice", "list (dropdown)"),
    "O": ("choice", "list with comment"), "5": ("scale", "5 point choice"),
    "Y": ("choice", "yes/no"), "G": ("choice", "gender"), "M": ("multi", "multiple choice"),
    "P": ("multi", "multiple choice with comments"), "N": ("number", "numerical input"),
    "S": ("text", "short free text"), "T": ("text", "long free text"),
    "U": ("text", "huge free text"),
}  # fmt: skip
ARRAYS: dict[str, tuple[Kind, str]] = {
    "F": ("choice", "array"), "H": ("choice", "array by column"),
    "A": ("scale", "array (5 point choice)"), "B": ("scale", "array (10 point choice)"),
    "C": ("choice", "array (yes/no/uncertain)"), "E": ("choice", "array (increase/same/decrease)"),
    "K": ("number", "multiple numerical input"), "Q": ("text", "multiple short text"),
}  # fmt: skip
UNSUPPORTED = {
    "X": "text display", "D": "date/time", "|": "file upload", "*": "equation",
    "R": "ranking", "I": "language switch", "1": "array dual scale",
    ":": "array (numbers)", ";": "array (texts)",
}  # fmt: skip
FIXED_OPTIONS: dict[str, list[tuple[str, str, float | None, bool]]] = {
    "Y": [("Y", "Yes", 1.0, False), ("N", "No", 0.0, False)],
    "G": [("F", "Female", None, False), ("M", "Male", None, False)],
    "C": [("Y", "Yes", 1.0, False), ("N", "No", 0.0, False), ("U", "Uncertain", None, True)],
    "E": [("I", "Increase", 2.0, False), ("S", "Same", 1.0, False), ("D", "Decrease", 0.0, False)],
}


def import_lss(data: bytes, source: str) -> Draft:
    root = parse_xml(data, source)
    if root.tag != "document" or (root.findtext("LimeSurveyDocType") or "").strip() != "Survey":
        raise ImportFailed(source, "not a LimeSurvey survey structure (.lss) file")
    return _Reader(source, root).draft()


def _rows(root: Element, section: str) -> list[Row]:
    return [
        {child.tag: (child.text or "").strip() for child in row}
        for row in root.findall(f"{section}/rows/row")
    ]


def _order(row: Row, key: str) -> int:
    value = row.get(key, "")
    return int(value) if value.lstrip("-").isdigit() else 0


class _PlainText(HTMLParser):
    """The readable text of an HTML fragment: tags gone, entities decoded, spaces tidied."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("script", "style")
        if tag in ("br", "p", "div", "li"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style") and self.hidden > 0

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def plain_text(fragment: str) -> str:
    if "<" not in fragment and "&" not in fragment:
        return " ".join(fragment.split())
    parser = _PlainText()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())


@dataclass
class _Reader:
    source: str
    root: Element
    report: ImportReport = field(init=False)

    def __post_init__(self) -> None:
        self.report = ImportReport("LimeSurvey", self.source)
        self.codes: dict[str, str] = {}
        self.langs = self._languages()
        self.default = self.langs[0]
        self.texts = self._l10n("question_l10ns", "qid", ("question", "help"))
        self.questions = [
            q for q in _rows(self.root, "questions") if q.get("parent_qid") in ("0", "")
        ]
        subs = _rows(self.root, "subquestions") or [
            q for q in _rows(self.root, "questions") if q.get("parent_qid") not in ("0", "")
        ]
        self.subs: dict[str, list[Row]] = defaultdict(list)
        for sub in sorted(subs, key=lambda r: _order(r, "question_order")):
            self.subs[sub.get("parent_qid", "")].append(sub)
        self.answers: dict[str, list[Row]] = defaultdict(list)
        for answer in sorted(_rows(self.root, "answers"), key=lambda r: _order(r, "sortorder")):
            self.answers[answer.get("qid", "")].append(answer)
        self.answer_texts = self._l10n("answer_l10ns", "aid", ("answer",))
        self.by_qid: dict[str, Question] = {}
        self.kinds: dict[str, Kind] = {}

    # --- languages and texts --------------------------------------------------------

    def _languages(self) -> list[str]:
        survey = next(iter(_rows(self.root, "surveys")), {})
        names = [survey.get("language", ""), *survey.get("additional_languages", "").split()]
        names += [(e.text or "").strip() for e in self.root.findall("languages/language")]
        langs: list[str] = []
        for name in names:
            code = language_code(name) if name else None
            if code is None and name:
                self.report.drop(f"language '{name}'", "not a language code Mognad can use")
            elif code and code not in langs:
                self.codes[name] = code
                langs.append(code)
        if not langs:
            raise ImportFailed(self.source, "the survey names no language")
        rtl = [code for code in langs if code.split("-")[0] in ("ar", "he", "fa", "ur", "yi")]
        if rtl:
            self.report.keep("", f"right-to-left languages kept: {', '.join(rtl)}")
        return langs

    def _lang(self, name: str) -> str | None:
        return self.codes.get(name) or language_code(name) if name else self.default

    def _l10n(
        self, section: str, id_field: str, fields: tuple[str, ...]
    ) -> dict[str, dict[str, Text]]:
        """{id: {field: {language: text}}}, from the l10n table (or, in old files, the main one)."""
        rows = _rows(self.root, section)
        if not rows and section == "question_l10ns":
            rows = _rows(self.root, "questions") + _rows(self.root, "subquestions")
        if not rows and section == "answer_l10ns":
            rows = [{**r, "aid": _answer_id(r)} for r in _rows(self.root, "answers")]
        found: dict[str, dict[str, Text]] = defaultdict(lambda: defaultdict(dict))
        for row in rows:
            lang = self._lang(row.get("language", ""))
            if lang is None or lang not in self.langs:
                continue
            for name in fields:
                text = plain_text(row.get(name, ""))
                if text:
                    found[row.get(id_field, "")][name].setdefault(lang, text)
        return found

    # --- the survey -----------------------------------------------------------------

    def draft(self) -> Draft:
        settings = self._l10n_rows("surveys_languagesettings", "surveyls_language")
        title = {lang: plain_text(r.get("surveyls_title", "")) for lang, r in settings.items()}
        title = {lang: t for lang, t in title.items() if t}
        described = {
            lang: plain_text(r.get("surveyls_description", "")) for lang, r in settings.items()
        }
        sid = next(iter(_rows(self.root, "surveys")), {}).get("sid", "")
        name = title.get(self.default) or (
            f"limesurvey-{sid}" if sid else PurePath(self.source).stem
        )
        draft = Draft(name, title or {self.default: name}, self.langs, self.default, self.report)
        draft.description = {k: v for k, v in described.items() if v} or None
        draft.groups = self._groups()
        self._conditions()
        self._resolve_option_names()
        self._report_survey_features()
        return draft

    def _l10n_rows(self, section: str, lang_field: str) -> dict[str, Row]:
        rows: dict[str, Row] = {}
        for row in _rows(self.root, section):
            lang = self._lang(row.get(lang_field, ""))
            if lang is not None and lang in self.langs:
                rows.setdefault(lang, row)
        return rows

    def _groups(self) -> list[Group]:
        names = self._l10n("group_l10ns", "gid", ("group_name", "description"))
        if not names:
            names = self._l10n("groups", "gid", ("group_name", "description"))
        groups = []
        seen: set[str] = set()
        for row in sorted(_rows(self.root, "groups"), key=lambda r: _order(r, "group_order")):
            gid = row.get("gid", "")
            if gid in seen:
                continue
            seen.add(gid)
            groups.append(self._group(gid, row, names.get(gid, {})))
        return groups

    def _group(self, gid: str, row: Row, texts: dict[str, Text]) -> Group:
        title = texts.get("group_name") or {self.default: f"Group {gid}"}
        place = f"group {gid} ({title.get(self.default) or next(iter(title.values()))})"
        group = Group(f"g{gid}-{title.get(self.default, '')}"[:40], title, place,
                      texts.get("description") or None)  # fmt: skip
        if row.get("grelevance", "1") not in ("", "1"):
            self.report.drop(place, f"the group condition '{row['grelevance']}' is left out")
        questions = [q for q in self.questions if q.get("gid") == gid]
        for question in sorted(questions, key=lambda r: _order(r, "question_order")):
            group.questions += self._question(question)
        return group

    # --- questions ------------------------------------------------------------------

    def _question(self, row: Row) -> list[Question]:
        code, kind, qid = row.get("title", ""), row.get("type", ""), row.get("qid", "")
        place = f"question {code} (qid {qid})"
        if kind in UNSUPPORTED:
            self.report.drop(place, f"the question type '{kind}' ({UNSUPPORTED[kind]}) has no "
                             "Mognad equivalent")  # fmt: skip
            return []
        if kind in ARRAYS:
            return self._array(row, place)
        if kind not in SINGLE:
            self.report.drop(place, f"unknown question type '{kind}'")
            return []
        question = self._one(row, code, SINGLE[kind][0], place)
        if kind in ("M", "P"):
            question.options = [self._sub_option(sub) for sub in self.subs.get(qid, [])]
        elif kind in ("L", "!", "O", "Y", "G"):
            question.options = self._options(qid, kind)
        elif kind == "5":
            question.min, question.max = 1, 5
        if kind in ("O", "P"):
            self.report.drop(place, f"the comments of '{code}' are left out")
        if row.get("other") == "Y":
            self.report.drop(place, f"the 'other' answer of '{code}' is left out")
        self.by_qid[qid] = question
        return [question]

    def _one(self, row: Row, name: str, kind: Kind, place: str) -> Question:
        texts = self.texts.get(row.get("qid", ""), {})
        question = Question(name, kind, texts.get("question") or {self.default: name}, place)
        question.help = texts.get("help") or None
        question.required = row.get("mandatory") == "Y"
        self.kinds[name] = kind
        relevance = " ".join(row.get("relevance", "").split())
        if relevance not in ("", "1"):
            question.show_if = parse_relevance(relevance)
            if question.show_if is None:
                self.report.drop(place, f"the condition '{relevance}' is not a simple comparison")
        return question

    def _options(self, qid: str, kind: str) -> list[Opt]:
        if kind in FIXED_OPTIONS:
            return [Opt(c, {self.default: label}, score, missing)
                    for c, label, score, missing in FIXED_OPTIONS[kind]]  # fmt: skip
        answers = [a for a in self.answers.get(qid, []) if a.get("scale_id", "0") == "0"]
        assessed = any(number(a.get("assessment_value", "")) for a in answers)
        return [
            Opt(
                a.get("code", ""),
                self.answer_texts.get(_answer_id(a), {}).get("answer")
                or {self.default: a.get("code", "")},
                number(a.get("assessment_value", "")) if assessed else number(a.get("code", "")),
            )
            for a in answers
        ]

    def _sub_option(self, sub: Row) -> Opt:
        code = sub.get("title", "")
        texts = self.texts.get(sub.get("qid", ""), {})
        return Opt(code, texts.get("question") or {self.default: code})

    def _array(self, row: Row, place: str) -> list[Question]:
        code, kind, qid = row.get("title", ""), row.get("type", ""), row.get("qid", "")
        item_kind = ARRAYS[kind][0]
        options = self._options(qid, kind) if item_kind == "choice" else []
        intro = self.texts.get(qid, {}).get("question", {})
        questions = []
        for sub in self.subs.get(qid, []):
            if sub.get("scale_id", "0") != "0":
                continue
            name = f"{code}_{sub.get('title', '')}"
            question = self._one({**row, "qid": sub.get("qid", "")}, name, item_kind, place)
            question.text = _joined(intro, question.text)
            question.options = [Opt(o.name, dict(o.label), o.score, o.missing) for o in options]
            question.min, question.max = (1, 10) if kind == "B" else (1, 5)
            if kind == "K":
                question.min = question.max = None
            questions.append(question)
        if questions:
            self.report.change(place, f"array '{code}': each subquestion became an item of its own")
        else:
            self.report.drop(place, f"array '{code}' has no subquestions")
        return questions

    # --- conditions and survey features ---------------------------------------------

    def _conditions(self) -> None:
        by_question: dict[str, list[Row]] = defaultdict(list)
        for row in _rows(self.root, "conditions"):
            by_question[row.get("qid", "")].append(row)
        for qid, rows in by_question.items():
            question = self.by_qid.get(qid)
            if question is None:
                continue
            condition = conditions_to_show_if(rows, self.by_qid)
            if condition is None:
                self.report.drop(question.place, "its conditions are more than one test or list "
                                 "per question in one scenario: left out")  # fmt: skip
            question.show_if = condition or question.show_if

    def _resolve_option_names(self) -> None:
        """`Q1_SQ002 == "Y"` on a multiple-choice Q1 tests whether option SQ002 is ticked."""
        multis = {q.name: q for q in self.by_qid.values() if q.kind == "multi"}
        for question in self.by_qid.values():
            if question.show_if is None:
                continue
            question.show_if.tests = [_as_tick(t, multis) for t in question.show_if.tests]

    def _report_survey_features(self) -> None:
        for section, what in (
            ("assessments", "assessment rules (score bands and their messages)"),
            ("quota", "quotas"),
            ("defaultvalues", "default answers"),
        ):
            count = len(_rows(self.root, section))
            if count:
                self.report.drop(f"<{section}>", f"{count} {what} have no Mognad equivalent")


def _as_tick(test: Test, multis: dict[str, Question]) -> Test:
    parent, _, code = test.item.rpartition("_")
    if parent in multis and test.op == "equals" and test.value == "Y":
        return Test(parent, "includes", code)
    return test


def _answer_id(row: Row) -> str:
    return (
        row.get("aid") or f"{row.get('qid', '')}:{row.get('code', '')}:{row.get('scale_id', '0')}"
    )


def _joined(intro: Text, text: Text) -> Text:
    return {
        lang: f"{intro[lang]} — {value}" if intro.get(lang) else value
        for lang, value in text.items()
    }
