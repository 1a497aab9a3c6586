"""The submit-time scorer gives exactly the reference scorer's results, and its quick check
of answers never accepts what `validate_answers` rejects."""

import json
from dataclasses import asdict
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mognad.core.answers import shown_items, validate_answers
from mognad.core.model import Instrument
from mognad.core.reference import score_response
from mognad.core.results import ResponseScores
from mognad.core.single import accepts, accepts_page, plan_scoring, score_one
from mognad.instruments import builtin_instruments
from tests.core.strategies import answers, instruments

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BUILT_IN = {instrument.id: instrument for instrument in builtin_instruments()}


def _stored(scores: ResponseScores) -> str:
    """The scores as a response stores them: every key in its order, every float exactly."""
    return json.dumps(asdict(scores))


@SETTINGS
@given(st.data())
def test_it_equals_the_reference_on_random_instruments(data):
    """Every score, level and phase, and the order of every key, as the reference gives."""
    instrument = data.draw(instruments())
    plan = plan_scoring(instrument)
    for _ in range(3):
        doc = data.draw(answers(instrument))
        assert _stored(score_one(plan, doc)) == _stored(score_response(instrument, doc))


@pytest.mark.parametrize("name", sorted(BUILT_IN))
@SETTINGS
@given(data=st.data())
def test_it_equals_the_reference_on_the_built_in_instruments(name, data):
    instrument = BUILT_IN[name]
    doc = data.draw(answers(instrument))
    assert _stored(score_one(_plan(instrument), doc)) == _stored(score_response(instrument, doc))


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_it_takes_the_shown_items_the_caller_has(name):
    """Given `shown_items` of the answers, it scores as it does finding them itself."""
    instrument = BUILT_IN[name]
    doc = _every_first_option(instrument)
    shown = shown_items(instrument, doc)
    plan = _plan(instrument)
    assert _stored(score_one(plan, doc, shown)) == _stored(score_one(plan, doc))
    assert _stored(score_one(plan, doc)) == _stored(score_response(instrument, doc))


@st.composite
def with_required(draw: st.DrawFn) -> Instrument:
    """A random instrument with some of its items required."""
    data = draw(instruments()).model_dump(by_alias=True, exclude_none=True)
    for dim in _dimensions(data["dimensions"]):
        for item in dim["items"]:
            item["required"] = draw(st.booleans())
    return Instrument.model_validate(data)


def _dimensions(dims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [d for dim in dims for d in [dim, *_dimensions(dim["dimensions"])]]


@SETTINGS
@given(st.data())
def test_it_accepts_exactly_the_form_answers_that_validation_accepts(data):
    """On answers as a form gives them (whole numbers on scales, lists of ticks), some
    left out, the quick check says yes exactly when `validate_answers` finds no problem."""
    instrument = data.draw(with_required())
    plan = plan_scoring(instrument)
    for _ in range(3):
        doc = data.draw(answers(instrument))
        ok = not validate_answers(instrument, doc)
        assert accepts(plan, doc, shown_items(instrument, doc)) == ok


ODD = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-60, 60),
    st.sampled_from([None, True, False, 2.0, 2.5, -0.0, "dk", "a", "yes", "", "x" * 2001]),
    st.lists(st.sampled_from(["a", "b", "none", 1]), max_size=3),
    st.dictionaries(st.sampled_from(["importance", "performance", "other"]), st.integers(0, 6)),
)


@settings(SETTINGS, max_examples=400)
@given(st.data())
def test_it_never_accepts_answers_that_validation_rejects(data):
    """Whatever the answers hold (wrong types, out of range, unknown keys), the quick check
    says yes only when `validate_answers` finds no problem."""
    instrument = data.draw(with_required())
    plan = plan_scoring(instrument)
    doc = data.draw(answers(instrument))
    keys = [item.key for _, item in instrument.walk_items()] + ["unknown"]
    for key in data.draw(st.lists(st.sampled_from(keys), min_size=1, max_size=4)):
        doc[key] = data.draw(ODD)
    try:
        shown = shown_items(instrument, doc)
    except TypeError:
        assume(False)  # a condition cannot even read such an answer
    if accepts(plan, doc, shown):
        assert validate_answers(instrument, doc) == []


@settings(SETTINGS, max_examples=300)
@given(st.data())
def test_its_page_check_never_accepts_a_page_that_validation_rejects(data):
    """On one page of otherwise form-like answers, some of its own made odd, the page's
    quick check says yes only when `validate_answers` finds no problem with any of the
    page's shown items; and on form-like answers alone it says yes as validation does."""
    instrument = data.draw(with_required())
    plan = plan_scoring(instrument)
    doc = data.draw(answers(instrument))
    page = data.draw(st.sampled_from(list(instrument.walk_dimensions())))
    keys = [item.key for item in page.items]
    assume(keys)
    odd = data.draw(st.lists(st.sampled_from(keys), max_size=3))
    for key in odd:
        doc[key] = data.draw(ODD)
    try:
        shown = shown_items(instrument, doc)
    except TypeError:
        assume(False)  # a condition cannot even read such an answer
    on_page = {key for key in keys if shown[key]}
    found = [problem for problem in validate_answers(instrument, doc) if problem.item in on_page]
    if accepts_page(plan, doc, on_page):
        assert found == []
    elif not odd:
        assert found != []


_plans: dict[str, Any] = {}


def _plan(instrument: Instrument) -> Any:
    if instrument.id not in _plans:
        _plans[instrument.id] = plan_scoring(instrument)
    return _plans[instrument.id]


def _every_first_option(instrument: Instrument) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for _, item in instrument.walk_items():
        if item.type in ("scale", "pair"):
            low = instrument.resolve_scale(item).min
            doc[item.key] = {"importance": low, "performance": low} if item.type == "pair" else low
        elif item.type == "choice":
            doc[item.key] = instrument.resolve_options(item)[0].key
        elif item.type == "multi":
            doc[item.key] = [item.options[0].key]
    return doc
