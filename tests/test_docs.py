"""The documentation tells the truth about the format and the command line."""

import inspect
import json
from pathlib import Path

from pydantic import BaseModel

from mognad.cli import _parser, instrument_schema
from mognad.core import model

ROOT = Path(__file__).resolve().parent.parent
FORMAT_DOC = ROOT / "docs" / "instrument-format.md"
SCHEMA_FILE = ROOT / "docs" / "instrument.schema.json"


def _model_fields() -> set[str]:
    names = set()
    for _, cls in inspect.getmembers(model, inspect.isclass):
        if issubclass(cls, BaseModel) and cls.__module__ == model.__name__:
            names.update(f.alias or name for name, f in cls.model_fields.items())
    return names


def test_every_instrument_field_is_documented():
    """Each field of every model in the instrument format appears as `field` in the doc."""
    text = FORMAT_DOC.read_text(encoding="utf-8")
    undocumented = sorted(name for name in _model_fields() if f"`{name}`" not in text)
    assert undocumented == []


def test_committed_schema_matches_the_model():
    """docs/instrument.schema.json is what `mognad schema` prints (run it to refresh)."""
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == instrument_schema()


def test_readme_mentions_every_command():
    """Every `mognad` subcommand is shown in the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    subparsers = next(a for a in _parser()._actions if a.dest == "==SUPPRESS==" or a.choices)
    missing = [name for name in subparsers.choices if f"mognad {name}" not in readme]
    assert missing == []
