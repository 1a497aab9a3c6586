"""The built-in instruments, shipped as YAML files inside the package."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from mognad.core.io import parse_instrument
from mognad.core.model import Instrument


def builtin_files() -> list[Traversable]:
    """The instrument files of the package, in name order."""
    folder = files(__name__)
    return sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)


@cache
def builtin_instruments() -> tuple[Instrument, ...]:
    """Every built-in instrument, parsed and linted once per process."""
    return tuple(
        parse_instrument(f.read_text(encoding="utf-8"), source=f.name) for f in builtin_files()
    )


def find_builtin(instrument_id: str) -> Instrument | None:
    return next((i for i in builtin_instruments() if i.id == instrument_id), None)
