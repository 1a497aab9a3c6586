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


class ByInstrument[T]:
    """What `make` builds from an instrument object, kept for the last CACHED objects.

    For what the respondent's pages need again and again from the one parsed copy a
    process keeps (round_instrument). The object is kept beside its value, so that its
    id cannot pass to another instrument.
    """

    def __init__(self, make: Callable[[Instrument], T]) -> None:
        self.make = make
        self.kept: dict[int, tuple[Instrument, T]] = {}

    def __call__(self, instrument: Instrument) -> T:
        found = self.kept.get(id(instrument))
        if found is None or found[0] is not instrument:
            found = (instrument, self.make(instrument))
            _keep(self.kept, id(instrument), found)
        return found[1]


def _keep[K, T](kept: dict[K, T], key: K, value: T) -> None:
    if len(kept) >= CACHED:
        kept.pop(next(iter(kept)))  # the oldest: dicts keep insertion order
    kept[key] = value


round_instrument: ByDigest[Instrument] = ByDigest(lambda instrument: instrument)
round_compiled: ByDigest[Compiled] = ByDigest(compile_instrument)
round_layout: ByDigest[Layout] = ByDigest(layout_of)
