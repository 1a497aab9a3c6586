"""LimeSurvey conditions and relevance expressions as show-if tests.

The `<conditions>` table holds scenarios (OR) of tests (AND across questions, OR
for several answers of one question); relevance is an ExpressionScript text. Both
map onto show-if only when they are simple; anything else gives None, which the
importer reports.
"""

from __future__ import annotations

import re
from collections import defaultdict

from mognad.interop.draft import Condition, Question, Test

Row = dict[str, str]


def number(text: str) -> float | None:
    """A number usable as a score, or None."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if abs(value) <= 1000 else None


def conditions_to_show_if(rows: list[Row], names: dict[str, Question]) -> Condition | None:
    """Rows of the `<conditions>` table as one show-if, if they form one scenario of
    tests on different questions (or several scenarios of a single test each)."""
    scenarios: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        scenarios[row.get("scenario", "1")].append(row)
    tests = [_scenario(rows, names) for rows in scenarios.values()]
    if any(t is None for t in tests):
        return None
    if len(tests) == 1:
        assert tests[0] is not None
        return Condition(tests[0], "all")
    if all(t is not None and len(t) == 1 for t in tests):
        return Condition([t[0] for t in tests if t is not None], "any")
    return None


def _scenario(rows: list[Row], questions: dict[str, Question]) -> list[Test] | None:
    by_target: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_target[row.get("cqid", "")].append(row)
    tests = []
    for cqid, target_rows in by_target.items():
        target = questions.get(cqid)
        methods = {r.get("method", "") for r in target_rows}
        if target is None or len(methods) != 1:
            return None
        method = methods.pop()
        if target.kind == "multi":
            tests += _ticked(target.name, cqid, method, target_rows) or [None]  # type: ignore[list-item]
            continue
        values = [r.get("value", "") for r in target_rows]
        test = _condition_test(target.name, method, values)
        if test is None:
            return None
        tests.append(test)
    return None if None in tests else tests


def _ticked(name: str, cqid: str, method: str, rows: list[Row]) -> list[Test] | None:
    """Conditions on a multiple-choice question name the option in the field: …X{qid}{code}."""
    if method != "==" or any(r.get("value") != "Y" for r in rows):
        return None
    codes = [r.get("cfieldname", "").partition(f"X{cqid}")[2] for r in rows]
    return [Test(name, "includes", code) for code in codes] if all(codes) else None


def _condition_test(name: str, method: str, values: list[str]) -> Test | None:
    if method == "==":
        return Test(name, "equals", values[0]) if len(values) == 1 else Test(name, "in", values)
    limit = number(values[0]) if len(values) == 1 else None
    if limit is not None and method in (">=", "<="):
        return Test(name, "at_least" if method == ">=" else "at_most", limit)
    return None


_EM_NAME = r"(?P<item>[A-Za-z][A-Za-z0-9_]*)(?:\.NAOK)?"
_EM_COMPARE = re.compile(
    rf"^{_EM_NAME}\s*(?P<op>==|eq|>=|ge|<=|le)\s*(?:\"(?P<text>[^\"]*)\"|'(?P<single>[^']*)'|(?P<number>-?\d+(?:\.\d+)?))$"
)
_EM_EMPTY = re.compile(rf"^(?P<not>!)?\s*is_empty\(\s*{_EM_NAME}\s*\)$")
_EM_OPS = {"==": "equals", "eq": "equals", ">=": "at_least", "ge": "at_least", "<=": "at_most",
           "le": "at_most"}  # fmt: skip


def parse_relevance(expression: str) -> Condition | None:
    """A show-if for an ExpressionScript relevance made of simple tests joined by one of
    and/or (`((Q1.NAOK == "A1") and (Q2 >= 3))`); None for anything else."""
    text = _unwrapped(expression)
    for word, combine in ((" and ", "all"), (" or ", "any")):
        parts = _split_top(text, word)
        if len(parts) > 1:
            tests = [_em_test(_unwrapped(p)) for p in parts]
            if (
                any(t is None for t in tests)
                or _split_top(text, " or " if combine == "all" else " and ")[1:]
            ):
                return None
            return Condition([t for t in tests if t is not None], combine)  # type: ignore[arg-type]
    test = _em_test(text)
    return None if test is None else Condition([test])


def _unwrapped(text: str) -> str:
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
        text = text[1:-1].strip()
    return text


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _split_top(text: str, word: str) -> list[str]:
    """`text` split at `word` where it is outside every bracket."""
    parts, depth, start, n = [], 0, 0, 0
    while n < len(text):
        ch = text[n]
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and text.startswith(word, n):
            parts.append(text[start:n])
            start = n = n + len(word)
            continue
        n += 1
    return [*parts, text[start:]]


def _em_test(part: str) -> Test | None:
    if match := _EM_EMPTY.match(part):
        return Test(match["item"], "answered", match["not"] is not None)
    match = _EM_COMPARE.match(part)
    if match is None:
        return None
    value: object
    if match["number"] is not None:
        found = float(match["number"])
        value = int(found) if found.is_integer() else found
    else:
        value = match["text"] if match["text"] is not None else match["single"]
    return Test(match["item"], _EM_OPS[match["op"]], value)  # type: ignore[arg-type]
