"""Reading and writing instrument files.

`parse_instrument` is the one way text becomes an `Instrument`: it runs the
full lint and refuses a file with any problem, so nothing downstream meets an
instrument with dangling references or gaps in its bands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from mognad.core.lint import Problem, lint_and_load, lint_and_load_path
from mognad.core.model import FORMAT, Instrument


class InstrumentError(Exception):
    """An instrument text or file with problems; `problems` lists every one, placed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in the instrument:\n{shown}{more}")


def parse_instrument(text: str, source: str = "<text>") -> Instrument:
    """The validated instrument; raises InstrumentError if lint finds any problem."""
    return _checked(*lint_and_load(text, source))


def read_instrument(path: Path | str) -> Instrument:
    """The validated instrument in a UTF-8 file; raises InstrumentError on any problem."""
    return _checked(*lint_and_load_path(path))


def _checked(instrument: Instrument | None, problems: list[Problem]) -> Instrument:
    if instrument is None or problems:
        raise InstrumentError(problems)
    return instrument


# Keys that read best at the top of their mapping; the rest keep model order.
_FIRST_KEYS = ("format", "id", "version", "key", "type", "kind", "value")


def dump_instrument(instrument: Instrument) -> str:
    """A stable, readable YAML text: loading it gives an equal instrument."""
    data = instrument.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data = {"format": FORMAT, **data}
    return yaml.dump(
        _ordered(data),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=88,
        default_flow_style=False,
    )


def _ordered(value: Any) -> Any:
    if isinstance(value, dict):
        first = [k for k in _FIRST_KEYS if k in value]
        rest = [k for k in value if k not in first]
        return {k: _ordered(value[k]) for k in first + rest}
    if isinstance(value, list):
        return [_ordered(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class _Dumper(yaml.SafeDumper):
    """Safe dumper that indents lists under their key and never emits aliases."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def represent_str(self, data: str) -> yaml.ScalarNode:
        # YAML reads NEL, LS and PS as line breaks in plain and block text, so a
        # string holding one is written double-quoted, where they are escaped.
        if any(ch in data for ch in _YAML_BREAKS):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        return super().represent_str(data)


_YAML_BREAKS = "\x85\u2028\u2029"
_Dumper.add_representer(str, _Dumper.represent_str)


def write_instrument(instrument: Instrument, path: Path) -> None:
    path.write_text(dump_instrument(instrument), encoding="utf-8")
