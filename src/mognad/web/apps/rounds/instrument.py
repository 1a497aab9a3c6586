"""The instrument of a round, parsed once per process from the round's own snapshot.

Copies are found by the round's digest of its YAML, so a round loaded without the YAML
(the respondent's queries leave it out) is served from memory, and the YAML is read
only the first time a process meets that instrument.
"""

from collections.abc import Callable

from mognad.core.analysis import Layout, layout_of
from mognad.core.engine import Compiled, compile_instrument
from mognad.core.io import parse_instrument
from mognad.core.model import Instrument
from mognad.web.apps.rounds.models import Round, yaml_digest

CACHED = 64


class ByDigest[T]:
    """What `make` builds from a round's instrument, kept for the last CACHED digests."""

    def __init__(self, make: Callable[[Instrument], T]) -> None:
        self.make = make
        self.kept: dict[str, T] = {}

    def __call__(self, round_: Round) -> T:
        digest = round_.instrument_digest or yaml_digest(round_.instrument_yaml)
        found = self.kept.get(digest)
        if found is None:
            found = self.make(_parsed(digest, round_))
            _keep(self.kept, digest, found)
        return found


_instruments: dict[str, Instrument] = {}


def _parsed(digest: str, round_: Round) -> Instrument:
    found = _instruments.get(digest)
    if found is None:
        found = parse_instrument(round_.instrument_yaml, source="round")
        _keep(_instruments, digest, found)
    return found


def _keep[T](kept: dict[str, T], digest: str, value: T) -> None:
    if len(kept) >= CACHED:
        kept.pop(next(iter(kept)))  # the oldest: dicts keep insertion order
    kept[digest] = value


round_instrument: ByDigest[Instrument] = ByDigest(lambda instrument: instrument)
round_compiled: ByDigest[Compiled] = ByDigest(compile_instrument)
round_layout: ByDigest[Layout] = ByDigest(layout_of)
