"""The open answers the themes section reads: all of them, or a random sample of people.

Reading every answer of a large round costs its answers documents (seconds at 1,000,000),
so beyond SAMPLE respondents the section reads the answers of the round's first few
random parts (Response.bucket): each part is a random sixty-fourth of the respondents,
so their answers are a random sample of everybody's, the same on every view. The number
of answers and the themes' sizes are then estimated for everybody, and the page says so.
A question's themes are kept in the cache under the marks of the parts read
(rounds.summary), so they are made again only when those parts' responses changed.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.cache import caches

from mognad.core.analysis.themes import Theme, themes
from mognad.web.apps.rounds.models import BUCKETS, Round

if TYPE_CHECKING:
    from mognad.web.apps.results.views import Figures

SAMPLE = 4000  # respondents; beyond, the themes come from a random sample of at least these
KEPT = 3600  # seconds a question's themes stay in the cache at most


@dataclass(frozen=True)
class TextSample:
    """Whose answers are read: the first `buckets` parts of the allowed groups."""

    groups: frozenset[str]
    buckets: int
    people: int  # respondents of the allowed groups
    sampled: int  # of them, those in the parts read

    @property
    def whole(self) -> bool:
        return self.buckets >= BUCKETS

    @property
    def factor(self) -> float:
        return self.people / self.sampled if self.sampled else 1.0


def sample_of(figures: Figures, allowed: Collection[str]) -> TextSample:
    """The parts to read for the answers of the groups `allowed`."""
    people = sum(figures.analysis.plan.counts[key] for key in allowed)
    buckets = BUCKETS if people <= SAMPLE else math.ceil(BUCKETS * SAMPLE / people)
    columns = [figures.current.keys.index(key) for key in allowed]
    sampled = int(figures.current.sizes[:buckets, columns].sum())
    return TextSample(frozenset(allowed), min(buckets, BUCKETS), people, sampled)


def question_themes(
    round_: Round, figures: Figures, key: str, sample: TextSample
) -> tuple[list[str], list[Theme]]:
    """The sample's answers to the open question `key`, and their themes."""
    name = _cache_key(round_, figures, key, sample)
    found: tuple[list[str], list[Theme]] | None = caches["local"].get(name)
    if found is None:
        from mognad.web.apps.results.loading import text_answers

        rows = text_answers(round_, key, sample.buckets)
        texts = [text for group, text in rows if group in sample.groups]
        found = (texts, themes(texts))
        caches["local"].set(name, found, KEPT)
    return found


def _cache_key(round_: Round, figures: Figures, key: str, sample: TextSample) -> str:
    digest = hashlib.sha256(figures.current.marks[: sample.buckets].tobytes())
    digest.update("\0".join([key, str(sample.buckets), *sorted(sample.groups)]).encode())
    return f"themes:{round_.pk}:{digest.hexdigest()}"
