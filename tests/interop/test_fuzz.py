"""Every importer fuzzed: any input ends in a lint-clean instrument or an ImportFailed
naming a place — never another exception.

The suite runs a small budget; `MOGNAD_FUZZ_EXAMPLES=5000 pytest tests/interop/test_fuzz.py`
runs a large one (see docs/importers.md for what that found).
"""

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mognad.core.io import dump_instrument
from mognad.core.lint import lint_text
from mognad.interop.importing import EXTENSIONS, ImportFailed, import_instrument

from .lss import lss, question, text
from .samples import samples_folder

EXAMPLES = int(os.environ.get("MOGNAD_FUZZ_EXAMPLES", "15"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def imports_or_refuses(data, name):
    try:
        result = import_instrument(data, name)
    except ImportFailed as refused:
        assert refused.message
        return
    assert lint_text(dump_instrument(result.instrument), name) == []


UTF8 = st.characters(codec="utf-8", exclude_categories=["Cs"])
words = st.text(UTF8, max_size=12)
names = st.one_of(st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,8}", fullmatch=True), words)
numbers = st.one_of(st.integers(-2000, 2000), st.floats())
scalars = st.one_of(st.none(), st.booleans(), numbers, words, names)
languages = st.sampled_from(["default", "de", "sv", "xx", "ar"])
local = st.one_of(words, st.dictionaries(languages, words))


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(EXTENSIONS))
def test_random_bytes_never_crash_an_importer(data, extension):
    imports_or_refuses(data, f"fuzz{extension}")


def _sample_files():
    files = samples_folder().rglob("*")
    return sorted(p for p in files if p.suffix in EXTENSIONS and p.stat().st_size < 60_000)


@FUZZ
@given(st.data())
def test_damaged_samples_never_crash_an_importer(data):
    path = data.draw(st.sampled_from(_sample_files()))
    raw = bytearray(path.read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw) - 1))
        size = data.draw(st.integers(1, 200))
        change = data.draw(st.sampled_from(["flip", "cut", "copy"]))
        if change == "flip":
            raw[at] = data.draw(st.integers(0, 255))
        elif change == "cut":
            del raw[at : at + size]
        else:
            raw[at:at] = raw[at : at + size]
        raw = raw or bytearray(b"x")
    imports_or_refuses(bytes(raw), path.name)


ELEMENT_TYPES = [
    "radiogroup", "dropdown", "checkbox", "tagbox", "rating", "boolean", "text", "comment",
    "matrix", "panel", "html", "slider", "imagepicker", "ranking",
]  # fmt: skip
choice = st.one_of(scalars, st.fixed_dictionaries({"value": scalars, "text": local}))
condition = st.one_of(words, st.builds("{{{}}} = {}".format, names, scalars))
ELEMENT_FIELDS = {
    "title": local,
    "choices": st.lists(choice, max_size=6),
    "rateMin": numbers,
    "rateMax": numbers,
    "rateValues": st.lists(scalars, max_size=4),
    "visibleIf": condition,
    "inputType": st.sampled_from(["number", "date", "text", "color"]),
    "min": scalars,
    "max": scalars,
    "correctAnswer": scalars,
    "showNoneItem": st.booleans(),
    "rows": st.lists(scalars, max_size=3),
    "columns": st.lists(scalars, max_size=3),
    "isRequired": scalars,
    "multiSelect": st.booleans(),
}
leaf = st.fixed_dictionaries(
    {"type": st.sampled_from(ELEMENT_TYPES), "name": names}, optional=ELEMENT_FIELDS
)
elements = st.recursive(
    leaf,
    lambda children: st.fixed_dictionaries(
        {"type": st.just("panel"), "name": names, "elements": st.lists(children, max_size=4)}
    ),
    max_leaves=12,
)
page = st.fixed_dictionaries({"name": names, "elements": st.lists(elements, max_size=6)})
survey = st.fixed_dictionaries(
    {"pages": st.lists(page, max_size=3)},
    optional={"title": local, "locale": st.sampled_from(["de", "sv", "", "zz-top", "x"])},
)


@FUZZ
@given(survey)
def test_any_surveyjs_structure_imports_or_is_refused(survey):
    imports_or_refuses(json.dumps(survey).encode(), "fuzz.json")


XLS_TYPES = [
    "select_one l1", "select_multiple l2", "select one from l1", "integer", "decimal", "text",
    "note", "begin group", "end group", "begin repeat", "end repeat", "date",
    "select_one missing", "calculate",
]  # fmt: skip
LABELS = ["label", "label::English (en)", "label::xx", "LABEL::Svenska (sv)", "label:french"]
cell = st.text(
    st.characters(codec="utf-8", exclude_characters="|\n\r", exclude_categories=["Cs"]),
    max_size=10,
).map(str.strip)
relevant = st.one_of(st.just(""), st.builds("${{{}}} = '{}'".format, cell, cell))
survey_rows = st.lists(st.tuples(st.sampled_from(XLS_TYPES), cell, cell, relevant), max_size=15)
choice_names = st.one_of(cell, st.integers(-5, 2000).map(str))
choice_rows = st.lists(st.tuples(st.sampled_from(["l1", "l2"]), choice_names, cell), max_size=10)


@FUZZ
@given(survey_rows, choice_rows, st.sampled_from(LABELS))
def test_any_xlsform_table_imports_or_is_refused(survey, choices, label):
    lines = ["| survey |", f"| | type | name | {label} | relevant |"]
    lines += [f"| | {kind} | {name} | {text} | {rel} |" for kind, name, text, rel in survey]
    lines += ["| choices |", f"| | list_name | name | {label} |"]
    lines += [f"| | {listed} | {name} | {text} |" for listed, name, text in choices]
    imports_or_refuses("\n".join(lines).encode(), "fuzz.md")


LSS_TYPES = list("L!O5YGMPNSTUFHABCEKQXD|*R1:;?")
relevance = st.one_of(
    st.just("1"),
    words,
    st.builds('(({}.NAOK == "{}"))'.format, names, names),
    st.builds("({} >= {}) or (!is_empty({}))".format, names, numbers, names),
)
lss_questions = st.lists(
    st.tuples(st.sampled_from(LSS_TYPES), names, relevance, words), min_size=1, max_size=8
)
lss_subs = st.lists(st.tuples(st.integers(1, 8), names, words), max_size=8)
lss_answers = st.lists(st.tuples(st.integers(1, 8), names, scalars, words), max_size=8)
lss_languages = st.lists(
    st.sampled_from(["en", "ar", "de-informal", "he", "zz", "123"]), min_size=1, max_size=3
)


@FUZZ
@given(lss_questions, lss_subs, lss_answers, lss_languages)
def test_any_limesurvey_structure_imports_or_is_refused(questions, subs, answers, languages):
    first, last = languages[0], languages[-1]
    rows = [
        question(str(n), "10", code, kind, str(n), relevance=rel)
        for n, (kind, code, rel, _) in enumerate(questions, 1)
    ]
    sub_rows = [
        question(str(100 + n), "10", code, "T", str(n), parent=str(parent))
        for n, (parent, code, _) in enumerate(subs)
    ]
    texts = [text(n, str(n), first, words) for n, (_, _, _, words) in enumerate(questions, 1)]
    texts += [text(100 + n, str(100 + n), last, w) for n, (_, _, w) in enumerate(subs)]
    answer_rows = [
        {"aid": str(n), "qid": str(qid), "code": code, "sortorder": str(n),
         "assessment_value": str(value), "scale_id": "0"}
        for n, (qid, code, value, _) in enumerate(answers)
    ]  # fmt: skip
    answer_texts = [
        {"id": str(n), "aid": str(n), "answer": w, "language": first}
        for n, (_, _, _, w) in enumerate(answers)
    ]
    data = lss(questions=rows, subquestions=sub_rows, texts=texts, answers=answer_rows,
               answer_texts=answer_texts, languages=tuple(languages))  # fmt: skip
    imports_or_refuses(data, "fuzz.lss")
