"""The instrument of a round, parsed once per process from the round's own snapshot.

Copies are found by the round's digest of its YAML, so a round loaded without the YAML
(the respondent's queries leave it out) is served from memory, and the YAML is read
only the first time a process meets that instrument.
"""

from collections.abc import Callable, Hashable

from mognad.core.analysis import Layout, layout_of
from mognad.core.engine import Compiled, compile_instrument
from mognad.core.io import parse_instrument
from mognad.core.model import Instrument
from mognad.core.single import ScoringPlan, plan_scoring
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


class PerInstrument[T]:
    """Values worked out from an instrument object, kept for the last `size` keys.

    For what the respondent's pages need again and again from the one parsed copy a
    process keeps (round_instrument), under the object's identity and a key of the
    caller's (a language, an item). The object is kept beside its values, so that its
    id cannot pass to another instrument.
    """

    def __init__(self, size: int = CACHED) -> None:
        self.size = size
        self.kept: dict[tuple[int, Hashable], tuple[Instrument, T]] = {}

    def get(self, instrument: Instrument, key: Hashable, make: Callable[[], T]) -> T:
        found = self.kept.get((id(instrument), key))
        if found is None or found[0] is not instrument:
            found = (instrument, make())
            _keep(self.kept, (id(instrument), key), found, self.size)
        return found[1]


class ByInstrument[T]:
    """What `make` builds from an instrument object, kept as PerInstrument keeps it."""

    def __init__(self, make: Callable[[Instrument], T]) -> None:
        self.make = make
        self.kept: PerInstrument[T] = PerInstrument()

    def __call__(self, instrument: Instrument) -> T:
        return self.kept.get(instrument, None, lambda: self.make(instrument))


def _keep[K, T](kept: dict[K, T], key: K, value: T, size: int = CACHED) -> None:
    if len(kept) >= size:
        kept.pop(next(iter(kept)))  # the oldest: dicts keep insertion order
    kept[key] = value


round_instrument: ByDigest[Instrument] = ByDigest(lambda instrument: instrument)
round_compiled: ByDigest[Compiled] = ByDigest(compile_instrument)
# The score layout of an instrument object (the per-process copies of round_instrument):
# one cache, whether a round or only its parsed instrument is at hand.
instrument_layout: ByInstrument[Layout] = ByInstrument(layout_of)
# What scoring and checking answers of an instrument object needs, looked up once.
instrument_scoring: ByInstrument[ScoringPlan] = ByInstrument(plan_scoring)


def round_layout(round_: Round) -> Layout:
    return instrument_layout(round_instrument(round_))
