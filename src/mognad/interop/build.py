"""Turning a `Draft` into an instrument that passes lint, saying what changed on the way.

Source names become keys (lower-case, unique); every text gets every language
(missing translations are filled from the default language and counted); a
dimension needs a scored question, so choice questions without numeric values
are scored by option order where nothing else could score a dimension, and
dimensions with nothing to score are merged into a neighbour. Conditions that
lint refuses (a later question, an unknown option) are dropped and reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any

from pydantic import ValidationError

from mognad.core.io import dump_instrument
from mognad.core.lint import lint_and_load
from mognad.core.model import Instrument, is_scored
from mognad.interop.draft import Draft, Group, Opt, Question, Test, Text
from mognad.interop.report import ImportFailed, ImportReport, ImportResult

MAX_TEXT = 5000
MAX_OPTIONS = 100
RESERVED = frozenset({"overall", "level", "phase", "group"})
# Wide enough for any count or amount a questionnaire asks for.
NUMBER_RANGE = (-1_000_000_000.0, 1_000_000_000.0)
_NOT_KEY = re.compile(r"[^a-z0-9_.-]+")
_SHOW_IF = re.compile(r"^items\[(?P<key>[^\]]+)\]\.show_if")

Data = dict[str, Any]


def build(draft: Draft) -> ImportResult:
    """The lint-clean instrument for a draft; raises ImportFailed when none can be made."""
    builder = _Builder(draft)
    data = builder.instrument()
    instrument = _lint_clean(data, draft.report, builder.places)
    builder.summarise(instrument)
    return ImportResult(instrument, draft.report)


def make_key(name: str, taken: set[str], prefix: str) -> str:
    """A valid key for a source name, not in `taken` (which it joins)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    key = _NOT_KEY.sub("_", ascii_name.lower()).strip("_.-")[:56]
    if not key or not key[0].isalpha():
        key = f"{prefix}{key}"
    unique, n = key, 1
    while unique in taken or unique in RESERVED:
        n += 1
        unique = f"{key}-{n}"
    taken.add(unique)
    return unique


class _Builder:
    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.report: ImportReport = draft.report
        self.langs = list(dict.fromkeys(draft.languages)) or ["en"]
        self.default = (
            draft.default_language if draft.default_language in self.langs else self.langs[0]
        )
        self.keys: set[str] = set()
        self.items_by_name: dict[str, tuple[Question, Data]] = {}
        self.places: dict[str, str] = {}
        self.filled: Counter[str] = Counter()

    def instrument(self) -> Data:
        dims = [d for g in self.draft.groups if (d := self._dimension(g)) is not None]
        dims = _settle(dims, self.report, self.places)
        if not dims or not any(_has_scored(d) for d in dims):
            raise ImportFailed(self.draft.report.source, self._nothing_to_score())
        for name, (question, item) in self.items_by_name.items():
            if question.show_if is not None:
                self._condition(name, question, item)
        data: Data = {
            "id": make_key(self.draft.name, set(), "imported-"),
            "version": "1.0.0",
            "languages": self.langs,
            "default_language": self.default,
            "title": self._text(self.draft.title, self.draft.name or "Imported"),
            "dimensions": dims,
        }
        if self.draft.description:
            data["description"] = self._text(self.draft.description, "")
        return data

    def _nothing_to_score(self) -> str:
        asked = [f"{q.name} ({q.kind}, {q.place})" for q, _ in self.items_by_name.values()]
        found = "; ".join(asked[:5]) + (" …" if len(asked) > 5 else "") if asked else "none"
        return (
            "no question in this file can be scored: Mognad needs at least one choice, "
            f"multiple-choice or rating question (questions found: {found})"
        )

    def summarise(self, instrument: Instrument) -> None:
        dims = list(instrument.walk_dimensions())
        items = list(instrument.walk_items())
        self.report.keep(
            "",
            f"{len(dims)} dimension(s) and {len(items)} item(s) in "
            f"{', '.join(instrument.languages)} (default {instrument.default_language})",
        )
        scored = sum(is_scored(item) for _, item in items)
        shown_if = sum(item.show_if is not None for _, item in items)
        self.report.keep("", f"{scored} scored item(s); {shown_if} condition(s) (show_if)")
        for lang, count in sorted(self.filled.items()):
            self.report.change(
                "", f"{count} text(s) had no {lang} version; the {self.default} text stands in"
            )

    # --- texts ------------------------------------------------------------------------

    def _text(self, text: Text | None, fallback: str, place: str = "") -> dict[str, str]:
        given = {
            lang: self._clip(value.strip(), place)
            for lang, value in (text or {}).items()
            if lang in self.langs and value and value.strip()
        }
        stand_in = given.get(self.default) or next(iter(given.values()), None)
        stand_in = stand_in or self._clip(fallback.strip(), place) or "-"
        for lang in self.langs:
            if lang not in given:
                if text:
                    self.filled[lang] += 1
                given[lang] = stand_in
        return {lang: given[lang] for lang in self.langs}

    def _clip(self, value: str, place: str) -> str:
        if len(value) <= MAX_TEXT:
            return value
        self.report.drop(place, f"a text of {len(value):,} characters was cut to {MAX_TEXT:,}")
        return value[:MAX_TEXT]

    # --- dimensions and items ---------------------------------------------------------

    def _dimension(self, group: Group) -> Data | None:
        key = make_key(group.name, self.keys, "d-")
        self.places[key] = group.place
        items = [i for q in group.questions if (i := self._item(q)) is not None]
        children = [d for g in group.groups if (d := self._dimension(g)) is not None]
        if not items and not children:
            self.report.drop(group.place, f"group '{group.name}' holds no question Mognad can ask")
            self.keys.discard(key)
            return None
        dim: Data = {"key": key, "title": self._text(group.title, group.name, group.place)}
        if group.description:
            dim["description"] = self._text(group.description, "", group.place)
        dim["items"] = items
        dim["dimensions"] = children
        return dim

    def _item(self, question: Question) -> Data | None:
        body = _BODIES[question.kind](self, question)
        if body is None:
            return None
        key = make_key(question.name, self.keys, "q-")
        self.places[key] = question.place
        item: Data = {
            "key": key,
            "type": body.pop("type"),
            "text": self._text(question.text, question.name, question.place),
            **body,
        }
        if question.help:
            item["help"] = self._text(question.help, "", question.place)
        if question.required:
            item["required"] = True
        self.items_by_name[question.name] = (question, item)
        return item

    def _options(self, question: Question) -> list[Data] | None:
        if len(question.options) > MAX_OPTIONS:
            self.report.drop(
                question.place,
                f"'{question.name}' has {len(question.options)} options; "
                f"the most an item may have is {MAX_OPTIONS}: the question was left out",
            )
            return None
        taken: set[str] = set()
        return [
            {
                "key": make_key(o.name, taken, "o-"),
                "label": self._text(o.label, o.name, question.place),
            }
            | ({"missing": True} if o.missing else {})
            for o in question.options
        ]

    def _choice(self, question: Question) -> Data | None:
        options = self._options(question)
        if options is None:
            return None
        if len(options) < 2:
            self.report.drop(question.place, f"'{question.name}' has fewer than two options")
            return None
        scores = _scores(question.options)
        for option, opt, score in zip(options, question.options, scores or [], strict=False):
            if not opt.missing:
                option["score"] = score
        return {"type": "choice", "options": options, "scored": scores is not None}

    def _multi(self, question: Question) -> Data | None:
        options = self._options(question)
        if not options:
            self.report.drop(question.place, f"'{question.name}' has no options")
            return None
        scores = _scores(question.options)
        if scores is not None and not any(s > 0 for s in scores):
            scores = None  # no option raises the score, so the weights cannot be a score
        for option, opt in zip(options, question.options, strict=True):
            if scores is not None and not opt.missing:
                option["weight"] = opt.score
            if opt.exclusive:
                option["exclusive"] = True
        return {"type": "multi", "options": options, "scored": scores is not None}

    def _number(self, question: Question) -> Data:
        low, high = question.min, question.max
        if low is None or high is None or high <= low:
            low, high = NUMBER_RANGE
        return {"type": "number", "min": low, "max": high, "integer": question.integer,
                "scored": False}  # fmt: skip

    def _free_text(self, question: Question) -> Data:
        return {"type": "text", "multiline": question.multiline}

    def _scale(self, question: Question) -> Data | None:
        low = 1 if question.min is None else int(question.min)
        high = 5 if question.max is None else int(question.max)
        if high <= low or high - low > 100:
            self.report.drop(question.place, f"'{question.name}' has no usable range")
            return None
        points = [o for o in question.options if not o.missing and o.score is not None]
        labels = [
            {"value": int(o.score), "label": self._text(o.label, o.name, question.place)}
            for o in points
            if o.score is not None and low <= o.score <= high and float(o.score).is_integer()
        ]
        taken: set[str] = set()
        missing = [
            {"key": make_key(o.name, taken, "o-"), "label": self._text(o.label, o.name)}
            for o in question.options
            if o.missing
        ]
        scale: Data = {"min": low, "max": high, "labels": _unique_values(labels)}
        if missing:
            scale["missing"] = missing
        return {"type": "scale", "scale": scale}

    # --- conditions -------------------------------------------------------------------

    def _condition(self, name: str, question: Question, item: Data) -> None:
        condition = question.show_if
        assert condition is not None
        found = [self._test(t) for t in condition.tests]
        tests = [t for t in found if t is not None]
        if len(tests) < len(found) or not tests:
            self.report.drop(question.place, f"the condition on '{name}' could not be carried over")
            return
        if len(tests) == 1:
            item["show_if"] = tests[0]
        elif condition.combine == "any" and _one_item_equals(tests):
            item["show_if"] = {"item": tests[0]["item"], "in": [t["equals"] for t in tests]}
        else:
            item["show_if"] = {condition.combine: tests[:20]}

    def _test(self, test: Test) -> Data | None:
        target = self.items_by_name.get(test.item)
        if target is None:
            return None
        question, item = target
        value = test.value
        if test.op in ("at_least", "at_most") and question.kind == "choice":
            return _threshold_on_choice(question, item, test)
        if test.op in ("equals", "in", "includes") and question.kind in ("choice", "multi"):
            value = _option_keys(question, item, value)
            if value is None:
                return None
        op = "includes" if question.kind == "multi" and test.op == "equals" else test.op
        return {"item": item["key"], op: value}


def _one_item_equals(tests: list[Data]) -> bool:
    """`a = 1 or a = 2`: one test of `in` says the same more plainly."""
    return all(set(t) == {"item", "equals"} and t["item"] == tests[0]["item"] for t in tests)


_BODIES: dict[str, Any] = {
    "choice": _Builder._choice,
    "multi": _Builder._multi,
    "number": _Builder._number,
    "text": _Builder._free_text,
    "scale": _Builder._scale,
}


def _scores(options: list[Opt]) -> list[float] | None:
    """The options' numeric scores, if every counted option has one and they differ."""
    counted = [o.score for o in options if not o.missing]
    if not counted or any(s is None for s in counted):
        return None
    if len({s for s in counted}) < 2:
        return None
    return [o.score if o.score is not None else 0.0 for o in options]


def _threshold_on_choice(question: Question, item: Data, test: Test) -> Data | None:
    """`at least 3` on a choice whose options are numbers: the options that qualify."""
    if not isinstance(test.value, int | float):
        return None
    limit = float(test.value)
    keys = [
        option["key"]
        for opt, option in zip(question.options, item["options"], strict=True)
        if opt.score is not None
        and (opt.score >= limit if test.op == "at_least" else opt.score <= limit)
    ]
    return {"item": item["key"], "in": keys} if keys else None


def _unique_values(labels: list[Data]) -> list[Data]:
    return list({label["value"]: label for label in labels}.values())


def _option_keys(question: Question, item: Data, value: object) -> object:
    keys = {o.name: opt["key"] for o, opt in zip(question.options, item["options"], strict=True)}
    if isinstance(value, list):
        mapped = [keys.get(str(v)) for v in value]
        return None if None in mapped else mapped
    return keys.get(str(value))


# --- making every dimension scorable ------------------------------------------------


def _is_scored(item: Data) -> bool:
    return item["type"] in ("scale", "pair") or bool(item.get("scored"))


def _has_scored(dim: Data) -> bool:
    return any(_is_scored(i) for i in dim["items"]) or any(
        _has_scored(d) for d in dim["dimensions"]
    )


def _all_items(dim: Data) -> list[Data]:
    return [*dim["items"], *(i for d in dim["dimensions"] for i in _all_items(d))]


def _score_by_order(dim: Data, report: ImportReport, place: str) -> None:
    """Scores the choices of a dimension that has nothing else to score, and says so."""
    changed = []
    for item in _all_items(dim):
        if item["type"] == "choice" and not item["scored"]:
            counted = [o for o in item["options"] if not o.get("missing")]
            ranks = _ranks([o["key"] for o in counted])
            for option, rank in zip(counted, ranks, strict=True):
                option["score"] = rank
            item["scored"] = len(counted) >= 2
        elif item["type"] == "multi" and not item["scored"]:
            item["scored"] = True
        else:
            continue
        changed.append(item["key"])
    if changed:
        report.change(
            place,
            f"no numeric values to score '{dim['key']}' by; its choices are scored by "
            f"option order (first 0, then 1, 2, …; yes 1, no 0) and ticks count 1: review "
            f"{', '.join(changed[:10])}{' …' if len(changed) > 10 else ''}",
        )


def _ranks(keys: list[str]) -> list[int]:
    """Option order as scores, except that yes outranks no wherever it is listed."""
    if sorted(keys) == ["no", "yes"]:
        return [1 if key == "yes" else 0 for key in keys]
    return list(range(len(keys)))


def _settle(dims: list[Data], report: ImportReport, places: dict[str, str]) -> list[Data]:
    """Siblings where every dimension has a scored item, merging those with none."""
    for dim in dims:
        dim["dimensions"] = _settle(dim["dimensions"], report, places)
        if not _has_scored(dim):
            _score_by_order(dim, report, places.get(dim["key"], ""))
    scorable = [d for d in dims if _has_scored(d)]
    if not scorable:
        return dims
    settled: list[Data] = []
    waiting: list[Data] = []
    for dim in dims:
        if not _has_scored(dim):
            waiting += _all_items(dim)
            report.change(
                places.get(dim["key"], ""),
                f"'{dim['key']}' has nothing to score; its questions joined a neighbour",
            )
            continue
        if settled and waiting:
            settled[-1]["items"] += waiting
        elif waiting:
            dim["items"][:0] = waiting
        waiting = []
        settled.append(dim)
    settled[-1]["items"] += waiting
    return settled


# --- the final check ----------------------------------------------------------------


def _lint_clean(data: Data, report: ImportReport, places: dict[str, str]) -> Instrument:
    """The instrument once lint passes, dropping refused conditions; else ImportFailed."""
    by_key = {i["key"]: i for d in data["dimensions"] for i in _all_items(d)}
    for _ in range(len(by_key) + 1):
        try:
            text = dump_instrument(Instrument.model_validate(data))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise ImportFailed(
                f"{report.source}: {where}", f"cannot be carried over: {first['msg']}"
            ) from None
        instrument, problems = lint_and_load(text, "imported")
        if instrument is not None:
            return instrument
        refused = {m["key"] for p in problems if (m := _SHOW_IF.match(p.element))}
        refused &= set(by_key)
        if not refused:
            place = places.get(_key_of(problems[0].element)) or problems[0].element
            raise ImportFailed(f"{report.source}: {place}", problems[0].message)
        for key in refused:
            del by_key[key]["show_if"]
            report.drop(places.get(key, ""), f"the condition on '{key}' was refused by lint")
    raise ImportFailed(report.source, "the conditions could not be carried over")


def _key_of(element: str) -> str:
    match = re.match(r"^\w+\[(?P<key>[^\]]+)\]", element)
    return match["key"] if match else ""
