"""The instrument of a round, parsed once per process from the round's own snapshot."""

from functools import lru_cache

from mognad.core.engine import Compiled, compile_instrument
from mognad.core.io import parse_instrument
from mognad.core.model import Instrument
from mognad.web.apps.rounds.models import Round


def round_instrument(round_: Round) -> Instrument:
    return _parsed(round_.instrument_yaml)


def round_compiled(round_: Round) -> Compiled:
    return _compiled(round_.instrument_yaml)


@lru_cache(maxsize=64)
def _parsed(text: str) -> Instrument:
    return parse_instrument(text, source="round")


@lru_cache(maxsize=64)
def _compiled(text: str) -> Compiled:
    return compile_instrument(_parsed(text))
