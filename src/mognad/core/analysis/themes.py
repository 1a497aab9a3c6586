"""Themes in free-text answers: offline, language-independent, deterministic.

Each answer becomes a TF-IDF vector of character n-grams (3 to 5 characters inside
words, hashed into 1,024 features with CRC-32, so nothing is learnt or
downloaded and any script works), and the vectors are grouped by spherical k-means
(cosine similarity) with a seeded k-means++ start. Answers are sorted by their text
before clustering, so the themes do not depend on the order people answered in.

Which answers may be grouped at all is the gate's decision (free text only from
aggregates of at least ten people); this module sees texts only, never who wrote them.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]

FEATURES = 1024
NGRAMS = (3, 4, 5)
MAX_THEMES = 8
QUOTES = 3
MAX_TEXTS = 2000  # beyond this, themes come from a seeded sample of this many answers
ITERATIONS = 25
RESTARTS = 3
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Theme:
    size: int  # answers in the theme
    words: tuple[str, ...]  # words that set it apart from the other themes
    quotes: tuple[str, ...]  # the answers closest to its centre, most typical first


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def themes(texts: Sequence[str], seed: int = 0) -> list[Theme]:
    """The themes of `texts`, largest first; answers without any word are left out.

    Identical answers (once normalised) are clustered once, weighted by how often they
    were given. Beyond MAX_TEXTS answers, a seeded sample of MAX_TEXTS is used.
    """
    answers = sorted(t for t in texts if WORD.search(normalise(t)))
    if len(answers) > MAX_TEXTS:
        picked = np.random.default_rng(seed).choice(len(answers), MAX_TEXTS, replace=False)
        answers = [answers[i] for i in sorted(picked)]
    if not answers:
        return []
    by_text: dict[str, list[str]] = {}
    for text in answers:
        by_text.setdefault(normalise(text), []).append(text.strip())
    cleaned = sorted(by_text)
    weights = np.array([len(by_text[c]) for c in cleaned], dtype=np.float64)
    vectors = tfidf(cleaned)
    labels, centres = cluster(vectors, weights, theme_count(len(answers)), seed)
    originals = [by_text[c][0] for c in cleaned]
    word_sets = [{w for w in WORD.findall(text) if len(w) >= 3} for text in cleaned]
    found = [
        _theme(word_sets, originals, vectors, weights, labels, centres, c)
        for c in range(len(centres))
    ]
    return sorted((t for t in found if t.size), key=lambda t: (-t.size, t.quotes))


def estimate(found: Sequence[Theme], total: int) -> list[Theme]:
    """The themes of a sample with their sizes scaled to stand for `total` answers, in
    proportion to their share of the sample (rounded; none below 1)."""
    clustered = sum(theme.size for theme in found)
    if clustered == 0 or clustered == total:
        return list(found)
    return [
        Theme(max(1, round(theme.size * total / clustered)), theme.words, theme.quotes)
        for theme in found
    ]


def theme_count(n: int) -> int:
    """The square root of half the answers: 10 answers give 2 themes, 50 give 5, 8 at most."""
    return max(1, min(MAX_THEMES, round(math.sqrt(n / 2))))


def tfidf(texts: Sequence[str]) -> Floats:
    """Rows of unit length: sublinear term frequency times smoothed inverse document frequency."""
    counts = np.zeros((len(texts), FEATURES), dtype=np.float64)
    for row, text in enumerate(texts):
        for feature, count in Counter(_features(text)).items():
            counts[row, feature] = count
    present = counts > 0
    idf = np.log((1 + len(texts)) / (1 + present.sum(axis=0))) + 1
    weights: Floats = np.where(present, 1 + np.log(np.where(present, counts, 1)), 0) * idf
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    unit: Floats = weights / np.where(norms == 0, 1, norms)
    return unit


def _features(text: str) -> list[int]:
    grams = []
    for word in WORD.findall(text):
        padded = f" {word} "
        for n in NGRAMS:
            grams += [padded[i : i + n] for i in range(max(1, len(padded) - n + 1))]
    return [zlib.crc32(gram.encode()) % FEATURES for gram in grams]


def cluster(
    vectors: Floats, weights: Floats, count: int, seed: int
) -> tuple[npt.NDArray[np.int64], Floats]:
    """Weighted spherical k-means from RESTARTS seeded starts, keeping the tightest grouping.

    `weights` says how many answers each row stands for.
    """
    count = min(count, len(vectors))
    runs = [
        _kmeans(vectors, weights, count, np.random.default_rng([seed, r])) for r in range(RESTARTS)
    ]
    return max(runs, key=lambda run: _cohesion(vectors, weights, *run))


def _cohesion(
    vectors: Floats, weights: Floats, labels: npt.NDArray[np.int64], centres: Floats
) -> float:
    return float(weights @ np.einsum("ij,ij->i", vectors, centres[labels]))


def _kmeans(
    vectors: Floats, weights: Floats, count: int, rng: np.random.Generator
) -> tuple[npt.NDArray[np.int64], Floats]:
    """Each answer to the centre it is most similar to (cosine), until nothing moves."""
    centres = _start(vectors, weights, count, rng)
    labels = np.zeros(len(vectors), dtype=np.int64)
    for _ in range(ITERATIONS):
        labels = np.argmax(vectors @ centres.T, axis=1)
        moved = _centres(vectors, weights, labels, centres)
        if np.allclose(moved, centres):
            break
        centres = moved
    return labels, centres


def _start(vectors: Floats, weights: Floats, count: int, rng: np.random.Generator) -> Floats:
    """k-means++ on cosine distance: each new centre far from those chosen so far."""
    chosen = [int(rng.choice(len(vectors), p=weights / weights.sum()))]
    for _ in range(count - 1):
        distance = 1 - np.max(vectors @ vectors[chosen].T, axis=1)
        distance = np.clip(distance, 0, None) ** 2 * weights
        if distance.sum() <= 0:
            break  # every answer is like one already chosen
        chosen.append(int(rng.choice(len(vectors), p=distance / distance.sum())))
    return vectors[chosen].copy()


def _centres(
    vectors: Floats, weights: Floats, labels: npt.NDArray[np.int64], old: Floats
) -> Floats:
    membership = np.zeros((len(old), len(vectors)))
    membership[labels, np.arange(len(vectors))] = weights
    sums: Floats = membership @ vectors
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return np.where(norms > 0, sums / np.where(norms == 0, 1, norms), old)


def _theme(
    word_sets: list[set[str]],
    originals: list[str],
    vectors: Floats,
    weights: Floats,
    labels: npt.NDArray[np.int64],
    centres: Floats,
    c: int,
) -> Theme:
    members = np.flatnonzero(labels == c)
    if not len(members):
        return Theme(0, (), ())
    closeness = vectors[members] @ centres[c]
    quotes: list[str] = []
    for i in members[np.argsort(-closeness, kind="stable")]:
        if originals[i] not in quotes:
            quotes.append(originals[i])
        if len(quotes) == QUOTES:
            break
    size = int(weights[members].sum())
    return Theme(size, _words(word_sets, weights, labels, c), tuple(quotes))


def _words(
    word_sets: list[set[str]],
    weights: Floats,
    labels: npt.NDArray[np.int64],
    c: int,
    count: int = 3,
) -> tuple[str, ...]:
    """Words (3+ letters) in a larger share of this theme's answers than of all answers,
    and in more than one answer of it."""
    inside, everywhere = Counter[str](), Counter[str]()
    for words, weight, label in zip(word_sets, weights.tolist(), labels.tolist(), strict=True):
        for word in words:
            everywhere[word] += weight
            if label == c:
                inside[word] += weight
    size, total = float(weights[labels == c].sum()), float(weights.sum())
    lift = {w: n / size - everywhere[w] / total for w, n in inside.items() if n > 1}
    ranked = sorted(lift, key=lambda w: (-lift[w], w))
    return tuple(w for w in ranked if lift[w] > 0)[:count]
