"""The built-in instruments: complete in four languages, the right size, and scored as published."""

import csv
import io

import pytest

from mognad.cli import main
from mognad.core.model import ChoiceItem, Instrument, MultiItem
from mognad.instruments import builtin_instruments, find_builtin

LANGUAGES = ["en", "sv", "de", "nl"]
INSTRUMENTS = {i.id: i for i in builtin_instruments()}


def _texts(value, path="$"):
    """Every {lang: text} map in a dumped instrument, with where it is."""
    if isinstance(value, dict):
        if (
            value
            and set(value) <= set(LANGUAGES)
            and all(isinstance(v, str) for v in value.values())
        ):
            yield path, value
            return
        for key, child in value.items():
            yield from _texts(child, f"{path}.{key}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _texts(child, f"{path}[{index}]")


@pytest.mark.parametrize("instrument_id", sorted(INSTRUMENTS))
def test_each_builtin_has_20_to_45_items_in_four_languages(instrument_id):
    """A built-in is answerable in about ten minutes and declares en, sv, de and nl."""
    instrument = INSTRUMENTS[instrument_id]
    assert instrument.languages == LANGUAGES
    assert 20 <= len(list(instrument.walk_items())) <= 45
    assert instrument.minutes is not None and instrument.minutes <= 15


@pytest.mark.parametrize("instrument_id", sorted(INSTRUMENTS))
def test_longer_texts_are_translated_not_copied(instrument_id):
    """No sentence-length text is the same in English and another language."""
    data = INSTRUMENTS[instrument_id].model_dump(mode="json", by_alias=True)
    copied = [
        f"{path} ({lang})"
        for path, texts in _texts(data)
        for lang in LANGUAGES[1:]
        if len(texts["en"]) > 30 and texts[lang] == texts["en"]
    ]
    assert copied == []


@pytest.mark.parametrize("instrument_id", sorted(INSTRUMENTS))
def test_every_dimension_has_recommendations_and_reflection(instrument_id):
    """Each top-level dimension has advice for weak results and questions to reflect on."""
    instrument = INSTRUMENTS[instrument_id]
    advised = {r.when.dimension for r in instrument.recommendations}
    for dim in instrument.dimensions:
        assert dim.key in advised
        assert dim.reflect
    assert instrument.levels


def test_platform_ecosystem_types_every_dimension_into_phases():
    """Every dimension of the life-phase instrument has options giving points to phases."""
    instrument = INSTRUMENTS["platform-ecosystem"]
    assert instrument.phases is not None
    assert [c.key for c in instrument.phases.categories] == [
        "starting",
        "autonomous",
        "routine",
        "fading",
    ]
    for dim in instrument.dimensions:
        phased = {
            category
            for item in dim.items
            if isinstance(item, ChoiceItem | MultiItem)
            for option in _options(instrument, item)
            for category in option.points
        }
        assert phased == {"starting", "autonomous", "routine", "fading"}, dim.key


def _options(instrument: Instrument, item):
    return instrument.resolve_options(item) if isinstance(item, ChoiceItem) else item.options


def test_people_first_has_say_do_pairs_and_five_levels():
    """The people-first instrument asks importance/performance pairs and has five levels."""
    instrument = INSTRUMENTS["people-first"]
    pairs = [item for _, item in instrument.walk_items() if item.type == "pair"]
    assert len(pairs) >= 4
    assert len(instrument.levels) == 5


# --- EU DMA: the engine reproduces the published scheme --------------------------------

EU_DMA_EXAMPLE = {
    # strategy: areas 0..4 -> mean 2 of 5 -> q 4; plan yes/partly/no/dk -> 50 -> q 5
    **{f"strategy.areas.{k}": v for k, v in
       zip(["design", "sales", "operations", "purchasing", "admin"], [0, 1, 2, 3, 4], strict=True)},
    "strategy.plan.written": "yes", "strategy.plan.budget": "partly",
    "strategy.plan.owner": "no", "strategy.plan.customers": "dk",
    # readiness: basics all 5 -> q 10; advanced 2 of 7 ticked -> q 2.857
    **{f"readiness.basics.{k}": 5 for k in ["connectivity", "web", "erp", "crm", "collab"]},
    "readiness.advanced.used": "iot;links",
    # people: 3 of 8 ways -> q 3.75; involvement all yes -> q 10
    "people.skills.ways": "review;plan;courses",
    **{f"people.involvement.{k}": "yes"
       for k in ["asked", "relief", "informed", "help", "flexible"]},
    # data: handling all partly -> q 5; security 1 of 8 -> q 1.25
    **{f"data.handling.{k}": "partly"
       for k in ["digital", "connected", "access", "analysis", "shared"]},
    "data.security.measures": "backup",
    # automation: the one question, all rows at 1 of 5 -> q 2
    **{f"automation.tech.{k}": 1 for k in ["language", "vision", "forecast", "rpa", "robots"]},
    # green: 4 of 8 practices -> q 5; choices yes/no/no/no -> q 2.5
    "green.practices.used": "paperless;energy;transport;travel",
    "green.choices.criteria": "yes", "green.choices.measure": "no",
    "green.choices.targets": "no", "green.choices.suppliers": "no",
}  # fmt: skip


def _score_eu_dma(capsys, tmp_path, rows):
    header = sorted({key for row in rows for key in row})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, header)
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "dma.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    assert main(["score", "eu-dma", str(path)]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_eu_dma_dimension_is_sum_of_two_question_scores_times_five(capsys, tmp_path):
    """Each dimension = (q1 + q2) x 5 with questions on 0-10; automation = q x 10."""
    [row] = _score_eu_dma(capsys, tmp_path, [EU_DMA_EXAMPLE])
    expected = {
        "strategy": (4 + 5) * 5,
        "readiness": (10 + 2 / 7 * 10) * 5,
        "people": (3.75 + 10) * 5,
        "data": (5 + 1.25) * 5,
        "automation": 2 * 10,
        "green": (5 + 2.5) * 5,
    }
    for key, value in expected.items():
        assert float(row[key]) == pytest.approx(value, abs=0.005), key
    assert float(row["strategy.areas"]) == pytest.approx(40)
    assert float(row["overall"]) == pytest.approx(sum(expected.values()) / 6, abs=0.005)
    assert row["level"] == "average"


def test_eu_dma_bands_follow_the_published_scheme(capsys, tmp_path):
    """All at the top is advanced (100); all at the bottom is basic (0)."""
    top = {key: _best(key) for key in EU_DMA_EXAMPLE}
    bottom = {key: _worst(key) for key in EU_DMA_EXAMPLE}
    high, low = _score_eu_dma(capsys, tmp_path, [top, bottom])
    assert (high["overall"], high["level"]) == ("100.00", "advanced")
    assert (low["overall"], low["level"]) == ("0.00", "basic")


def _best(key):
    item = _item(key)
    if isinstance(item, MultiItem):
        return ";".join(o.key for o in item.options if not o.exclusive)
    if isinstance(item, ChoiceItem):
        return "yes"
    return 5


def _worst(key):
    item = _item(key)
    if isinstance(item, MultiItem):
        return "none"
    return "no" if isinstance(item, ChoiceItem) else 0


def _item(key):
    instrument = find_builtin("eu-dma")
    return next(item for _, item in instrument.walk_items() if item.key == key)


def test_eu_dma_bands_are_the_published_ones():
    """basic 0-25, average 26-50, moderately advanced 51-75, advanced 76-100."""
    instrument = INSTRUMENTS["eu-dma"]
    bands = [(level.key, level.min, level.max) for level in instrument.levels]
    assert bands == [
        ("basic", 0, 25),
        ("average", 26, 50),
        ("moderate", 51, 75),
        ("advanced", 76, 100),
    ]
