"""Every shared sample file either imports into a lint-clean instrument or is refused
with a message naming what is unsupported and where."""

import pytest

from mognad.core.io import dump_instrument
from mognad.core.lint import lint_text
from mognad.interop.importing import ImportFailed, import_instrument

from .samples import samples_folder

# file: (languages, item keys that must be there) or the start of the refusal message.
IMPORTS = {
    "xlsform/xlsform_spec_test.xlsx": (["en", "zh"], {"skip_to_end", "a_integer", "my_name"}),
    "xlsform/UCL_Biomass_Plot_Form.xlsx": (["sw", "en"], {"leader_name", "any_trees"}),
    "xlsform/choice_filter_test.xlsx": (["en"], {"state", "county", "city"}),
    "xlsform/widgets.xls": (["en"], {"my_string", "my_int", "my_select", "my_select1"}),
    "xlsform/table-list.xls": (["en"], {"table_list_3", "happy_sad_brian"}),
    "xlsform/tutorial.xls": (["en"], {"sex", "age_in_months", "pregnant"}),
    "xlsform/yes_or_no_question.md": (["en"], {"good_day"}),
    "xlsform/yes_or_no_question.csv": (["en"], {"good_day"}),
    "xlsform/case_insensitivity.md": (["en"], {"q1"}),
    "xlsform/specify_other.md": (["en"], {"sex"}),
    "surveyjs/collecthor_dropdown.json": (["en"], {"question1"}),
    "lss/citric_answers.lss": (["en"], {"q01", "q02_sq001", "q02_sq005"}),
    "lss/citric_survey.lss": (["en"], {"g01q01", "g01q02", "g02q04"}),
    "lss/limesurvey_survey_376789_quotas.lss": (["en"], {"q00", "g01q02", "g03q04"}),
    "lss/limesurvey_survey_allinoneCondition.lss": (["en"], {"q00", "g02q02"}),
    "lss/ls6_sample_survey_multilingual_fr_de_en_it.lss": (
        ["en", "fr", "de-informal", "he", "it"],
        {"s", "q_sq01", "l", "m", "f_sq01", "a_sq01", "y", "qcs1"},
    ),
    "surveyjs/python-surveyjs_all_types.json": (
        ["en", "nl"],
        {"firstname", "favoritecolor", "hobbies", "satisfaction", "agreeterms", "phone"},
    ),
    "surveyjs/surveyjs-library_docs_quiz.json": (["en"], {"civilwar", "magnacarta"}),
    "surveyjs/surveyjs-library_e2e_localization.json": (["en", "de", "fr"], {"q1", "langs"}),
}
REFUSED = {
    "xlsform/xlsform_spec_test.expected.xml": "unknown kind of file '.xml'",
    "xlsform/widgets.expected.xml": "unknown kind of file '.xml'",
    "xlsform/table-list.expected.xml": "unknown kind of file '.xml'",
    "surveyjs/collecthor_calculatedValues.json": "no pages or questions, only calculated values",
    "surveyjs/python-surveyjs_all_types.response.json": "no 'pages' or 'elements'",
    "surveyjs/surveyjs_definition.schema.json": "this is a JSON Schema",
    "lss/limesurvey_survey_161359_quickTranslation.lss": (
        "no question in this file can be scored: Mognad needs at least one choice"
    ),
}
NOT_SAMPLES = {"SOURCES.md"}


def read(relative):
    path = samples_folder() / relative
    return path.read_bytes(), path.name


@pytest.mark.parametrize("relative", sorted(IMPORTS))
def test_sample_imports_into_a_lint_clean_instrument(relative):
    """The instrument has the sample's languages and questions, and its YAML lints clean."""
    languages, keys = IMPORTS[relative]
    result = import_instrument(*read(relative))
    found = {item.key for _, item in result.instrument.walk_items()}
    assert result.instrument.languages == languages
    assert keys <= found
    assert lint_text(dump_instrument(result.instrument), relative) == []
    assert all(note.place for note in result.report.dropped)


@pytest.mark.parametrize("relative", sorted(REFUSED))
def test_sample_is_refused_with_a_message_naming_the_file_and_the_reason(relative):
    with pytest.raises(ImportFailed) as refused:
        import_instrument(*read(relative))
    assert refused.value.message.startswith(REFUSED[relative])
    assert refused.value.place.startswith(relative.split("/")[-1])


def test_every_sample_file_has_an_expected_outcome():
    """A new sample in the shared folder needs a line here before the suite passes."""
    folder = samples_folder()
    files = {
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and path.name not in NOT_SAMPLES
    }
    assert files - set(IMPORTS) - set(REFUSED) == set()


def test_the_legacy_conditions_table_of_a_sample_becomes_a_show_if():
    """allinoneCondition: G02Q02 is shown when the gender question Q00 is answered F."""
    result = import_instrument(*read("lss/limesurvey_survey_allinoneCondition.lss"))
    shown = {i.key: i for _, i in result.instrument.walk_items()}["g02q02"].show_if
    assert (shown.item, shown.equals) == ("q00", "f")
