"""The `mognad` command line, driven through its entry point as a user would."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mognad.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
MINI = str(FIXTURES / "mini.yaml")
BUILTINS = ["eu-dma", "people-first", "platform-ecosystem", "seven-theses"]
LANGUAGES = ["en", "sv", "de", "nl"]
PROBLEM_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$")


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write_csv(tmp_path, text, name="answers.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_instruments_lists_the_four_builtins_in_four_languages(capsys):
    """`mognad instruments` shows id, version, languages and title of every built-in."""
    code, out, _ = run(capsys, "instruments")
    assert code == 0
    lines = out.strip().splitlines()
    assert sorted(line.split()[0] for line in lines) == BUILTINS
    for line in lines:
        assert re.search(r"\b\d+\.\d+\.\d+\b", line)
        assert "en,sv,de,nl" in line


def test_schema_prints_a_json_schema_of_the_format(capsys):
    """`mognad schema` prints JSON Schema with the instrument's top-level fields."""
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"id", "version", "languages", "dimensions", "levels"} <= set(schema["properties"])


@pytest.mark.parametrize("instrument", BUILTINS)
def test_render_writes_each_builtin_in_each_language(capsys, instrument):
    """Every built-in renders as Markdown in each of its languages, each text different."""
    rendered = {}
    for lang in LANGUAGES:
        code, out, _ = run(capsys, "render", instrument, "--lang", lang)
        assert code == 0
        assert out.startswith("# ")
        rendered[lang] = out
    assert len(set(rendered.values())) == len(LANGUAGES)


def test_render_in_swedish_uses_swedish_texts(capsys):
    """The Swedish rendering of a file shows its Swedish title, items and labels."""
    code, out, _ = run(capsys, "render", MINI, "--lang", "sv")
    assert code == 0
    assert out.startswith("# Minikoll")
    assert "Vi delar det vi lär oss." in out
    assert "1 — Instämmer inte alls" in out
    assert "Markera alla som stämmer." in out


def test_render_rejects_an_undeclared_language(capsys):
    """Asking for a language the instrument lacks names the languages it has."""
    code, _, err = run(capsys, "render", MINI, "--lang", "fr")
    assert code == 1
    assert "en, sv" in err


def test_an_unknown_instrument_names_the_builtins(capsys):
    """A name that is neither a file nor a built-in gets a message listing the built-ins."""
    code, _, err = run(capsys, "render", "no-such-thing")
    assert code == 1
    assert "people-first" in err


def test_lint_passes_every_builtin_file(capsys):
    """The shipped instruments lint clean: exit 0, no output."""
    folder = Path(__file__).resolve().parent.parent / "src" / "mognad" / "instruments"
    code, out, _ = run(capsys, "lint", str(folder))
    assert (code, out) == (0, "")


def test_lint_reports_problems_as_path_line_column(capsys, tmp_path):
    """A broken file exits 1 with one PATH:LINE:COLUMN: line per problem."""
    broken = tmp_path / "broken.yaml"
    text = Path(MINI).read_text(encoding="utf-8")
    text = text.replace("reverse: true", "reverse: true\n        weight: -2")
    text = text.replace("max: 50,", "max: 40,")
    broken.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "lint", str(broken))
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) == 2
    matches = [PROBLEM_LINE.match(line) for line in lines]
    assert all(m and m["path"] == str(broken) for m in matches)
    assert "positive" in lines[0] and "items[work.b]" in lines[0]
    assert "41-50" in lines[1]


def test_score_writes_one_row_per_response_in_order(capsys, tmp_path):
    """Scores match hand computation; too few answers give an empty cell, never a zero."""
    answers = write_csv(
        tmp_path,
        "group,work.a,work.b,tools.used,tools.plan,tools.say:importance,tools.say:performance\n"
        "staff,5,1,chat;wiki,partly,4,3\n"
        "leaders,dk,,fax,no,5,\n",
    )
    out_path = tmp_path / "scores.csv"
    code, _, err = run(capsys, "score", MINI, answers, "-o", str(out_path))
    assert code == 0, err
    assert out_path.read_text(encoding="utf-8") == (
        "group,overall,level,work,tools\nstaff,83.33,high,100.00,66.67\nleaders,,,,0.00\n"
    )


def test_score_prints_to_standard_output_without_o(capsys, tmp_path):
    """Without -o the scores go to standard output; no group column when none was given."""
    answers = write_csv(tmp_path, "work.a,work.b\n3,3\n")
    code, out, _ = run(capsys, "score", MINI, answers)
    assert code == 0
    assert out == "overall,level,work,tools\n,,50.00,\n"


def test_score_reports_invalid_answers_with_line_and_column_and_writes_nothing(capsys, tmp_path):
    """Every bad cell is named by line and column, and no output file appears."""
    answers = write_csv(
        tmp_path,
        "work.a,tools.used,tools.plan,tools.say:performance\n3,chat,yes,2\n7,chat;none,maybe,x\n",
    )
    out_path = tmp_path / "scores.csv"
    code, _, err = run(capsys, "score", MINI, answers, "-o", str(out_path))
    assert code == 1
    assert not out_path.exists()
    assert f"{answers}:3: column 'work.a':" in err
    assert f"{answers}:3: column 'tools.used':" in err
    assert f"{answers}:3: column 'tools.plan':" in err
    assert f"{answers}:3: column 'tools.say:performance':" in err
    assert ":2:" not in err
    assert "nothing was written" in err


def test_score_rejects_an_unknown_column(capsys, tmp_path):
    """A column that is no item key is reported on line 1 with its name."""
    answers = write_csv(tmp_path, "work.a,work.zzz\n3,4\n")
    code, _, err = run(capsys, "score", MINI, answers)
    assert code == 1
    assert f"{answers}:1: column 'work.zzz':" in err


def test_score_rejects_a_row_of_the_wrong_width(capsys, tmp_path):
    """A row with more or fewer cells than the header is named by its line."""
    answers = write_csv(tmp_path, "work.a,work.b\n3,4\n3\n")
    code, _, err = run(capsys, "score", MINI, answers)
    assert code == 1
    assert f"{answers}:3:" in err and "1 cells" in err


def test_score_of_a_builtin_by_id(capsys, tmp_path):
    """A built-in instrument is found by its id and scores an empty response as missing."""
    answers = write_csv(tmp_path, "group\nstaff\n")
    code, out, _ = run(capsys, "score", "eu-dma", answers)
    assert code == 0
    header, row = out.strip().split("\n")
    assert header.startswith("group,overall,level,strategy")
    assert set(row.split(",")[1:]) == {""}


def test_the_console_script_runs(tmp_path):
    """The installed `mognad` command answers --version."""
    exe = shutil.which("mognad") or str(Path(sys.executable).parent / "mognad")
    result = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.startswith("mognad ")


def test_lint_reports_a_missing_file_as_a_problem(capsys, tmp_path):
    """A path that cannot be read is one problem line, not a traceback."""
    missing = tmp_path / "nowhere.yaml"
    code, out, _ = run(capsys, "lint", str(missing))
    assert code == 1
    assert out.startswith(f"{missing}:1:1: cannot read the file")


def test_lint_of_a_folder_without_instruments_fails(capsys, tmp_path):
    """A folder with no *.yaml files is not a silent success."""
    code, out, _ = run(capsys, "lint", str(tmp_path))
    assert code == 1
    assert "no instrument files" in out


def test_score_output_is_an_ordinary_file_and_failure_leaves_nothing(capsys, tmp_path):
    """-o gives a file readable like any other; writing into a folder path leaves no debris."""
    answers = write_csv(tmp_path, "work.a,work.b\n3,3\n")
    out_path = tmp_path / "scores.csv"
    assert run(capsys, "score", MINI, answers, "-o", str(out_path))[0] == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out_path.stat().st_mode & 0o777 == 0o666 & ~umask
    folder = tmp_path / "folder"
    folder.mkdir()
    code, _, err = run(capsys, "score", MINI, answers, "-o", str(folder))
    assert code == 1 and "cannot write" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.csv", "folder", "scores.csv"]


def test_render_shows_conditions_with_option_labels_in_the_chosen_language(capsys):
    """A follow-up question says when it is shown, naming options by their translated label."""
    code, out, _ = run(capsys, "render", "seven-theses", "--lang", "de")
    assert code == 0
    conditions = [line for line in out.splitlines() if "Nur sichtbar, wenn:" in line]
    assert conditions
    assert all("“Ja”" in line and "“Teilweise”" in line for line in conditions)


def test_import_writes_a_lint_clean_instrument_and_prints_the_report(capsys, tmp_path):
    """`mognad import FORM.md -o out.yaml`: the report on stderr, the YAML lints clean."""
    form = tmp_path / "form.md"
    form.write_text(
        "| survey |\n| | type | name | label |\n| | select_one yn | ok | All good? |\n"
        "| | date | when | When? |\n| choices |\n| | list_name | name | label |\n"
        "| | yn | yes | Yes |\n| | yn | no | No |\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.yaml"
    code, stdout, err = run(capsys, "import", str(form), "-o", str(out))
    assert code == 0
    assert stdout == ""
    assert "form.md: read as XLSForm" in err
    assert "dropped: line 4: 'when': the type 'date' has no Mognad equivalent" in err
    assert run(capsys, "lint", str(out))[0] == 0
    assert "key: ok" in out.read_text(encoding="utf-8")


def test_import_refuses_a_file_it_cannot_read_with_the_reason_and_writes_nothing(capsys, tmp_path):
    form = tmp_path / "form.xlsx"
    form.write_bytes(b"this is not a workbook")
    out = tmp_path / "out.yaml"
    code, _, err = run(capsys, "import", str(form), "-o", str(out))
    assert code == 1
    assert err == "mognad: cannot import form.xlsx: not an .xlsx workbook\n"
    assert not out.exists()


def test_export_writes_an_xlsform_that_imports_back(capsys, tmp_path):
    """`mognad export people-first --format xlsform -o f.xlsx`, then `mognad import f.xlsx`."""
    form = tmp_path / "people.xlsx"
    code, _, err = run(capsys, "export", "people-first", "--format", "xlsform", "-o", str(form))
    assert code == 0
    assert "not in XLSForm: the instrument's levels" in err
    out = tmp_path / "back.yaml"
    assert run(capsys, "import", str(form), "-o", str(out))[0] == 0
    assert run(capsys, "lint", str(out))[0] == 0
    assert "key: customers.contact" in out.read_text(encoding="utf-8")


def test_export_yaml_of_a_file_is_the_same_instrument(capsys, tmp_path):
    out = tmp_path / "mini.yaml"
    assert run(capsys, "export", MINI, "--format", "yaml", "-o", str(out))[0] == 0
    assert run(capsys, "lint", str(out))[0] == 0
    assert run(capsys, "render", str(out))[1] == run(capsys, "render", MINI)[1]


def test_export_xlsform_without_a_file_to_write_is_refused(capsys):
    code, out, err = run(capsys, "export", "eu-dma", "--format", "xlsform")
    assert (code, out) == (1, "")
    assert "give a file to write with -o" in err
