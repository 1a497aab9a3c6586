"""Charts as server-rendered SVG: the same in pages and PDFs, and no script needed.

Only SVG presentation attributes (fill, stroke …) colour them, never a style
attribute, which the Content-Security-Policy forbids. Every chart on a page sits
next to a table with the same numbers, for screen readers and for print.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SIZE = 420  # the radar's square viewBox
CENTRE = SIZE / 2
RADIUS = 115
MARGIN = 95  # room beside the square for labels of the side axes
INK = "#1d2330"
GRID = "#c9c5bc"
# Low to high, readable side by side; band colours of the distribution bars.
PALETTE = ["#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0", "#67a9cf", "#2166ac"]


@dataclass(frozen=True)
class Series:
    """One polygon: a value from 0 to 100 (None: not shown) per axis."""

    values: Sequence[float | None]
    stroke: str
    fill: str
    dashed: bool = False


def radar(axes: Sequence[str], series: Sequence[Series], title: str, desc: str) -> SafeString:
    """A radar chart of scores on 0-100 with rings every 20 points."""
    parts = [
        f'<svg class="radar" viewBox="{-MARGIN} 0 {SIZE + 2 * MARGIN} {SIZE}" role="img" '
        'aria-labelledby="radar-title radar-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="radar-title">{escape(title)}</title>',
        f'<desc id="radar-desc">{escape(desc)}</desc>',
        *_rings(len(axes)),
        *(_polygon(s) for s in series),
        *(_label(name, i, len(axes)) for i, name in enumerate(axes)),
        "</svg>",
    ]
    return mark_safe("".join(parts))  # every text in it is escaped above


def stacked_bar(counts: Sequence[int]) -> SafeString:
    """A bar split by band, each part as wide as its share of people; decorative."""
    total = sum(counts) or 1
    parts = [
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" '
        'focusable="false" xmlns="http://www.w3.org/2000/svg">'
    ]
    x = 0.0
    for i, count in enumerate(counts):
        width = count / total * 100
        colour = band_colour(i, len(counts))
        parts.append(f'<rect x="{x:.2f}" y="0" width="{width:.2f}" height="10" fill="{colour}"/>')
        x += width
    parts.append("</svg>")
    return mark_safe("".join(parts))  # numbers and fixed colours only


def band_colour(index: int, bands: int) -> str:
    """The palette stretched over any number of bands, lowest band first."""
    if bands <= 1:
        return PALETTE[-1]
    return PALETTE[round(index * (len(PALETTE) - 1) / (bands - 1))]


def _point(axis: int, axes: int, value: float) -> tuple[float, float]:
    angle = 2 * math.pi * axis / axes - math.pi / 2  # the first axis points up
    r = RADIUS * max(0.0, min(100.0, value)) / 100
    return CENTRE + r * math.cos(angle), CENTRE + r * math.sin(angle)


def _points(pairs: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in pairs)


def _rings(axes: int) -> list[str]:
    rings = [
        f'<polygon points="{_points([_point(i, axes, level) for i in range(axes)])}" '
        f'fill="none" stroke="{GRID}" stroke-width="1"/>'
        for level in (20, 40, 60, 80, 100)
    ]
    spokes = [
        f'<line x1="{CENTRE}" y1="{CENTRE}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        for x, y in (_point(i, axes, 100) for i in range(axes))
    ]
    return rings + spokes


def _polygon(series: Series) -> str:
    axes = len(series.values)
    pairs = [_point(i, axes, v) for i, v in enumerate(series.values) if v is not None]
    dash = ' stroke-dasharray="6 4"' if series.dashed else ""
    dots = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{series.stroke}"/>' for x, y in pairs
    )
    return (
        f'<polygon points="{_points(pairs)}" fill="{series.fill}" fill-opacity="0.25" '
        f'stroke="{series.stroke}" stroke-width="2.5"{dash}/>{dots}'
    )


def _label(name: str, axis: int, axes: int) -> str:
    angle = 2 * math.pi * axis / axes - math.pi / 2
    x = CENTRE + (RADIUS + 14) * math.cos(angle)
    y = CENTRE + (RADIUS + 14) * math.sin(angle)
    anchor = "middle" if abs(math.cos(angle)) < 0.3 else ("start" if x > CENTRE else "end")
    # Large enough to read on a phone, where the whole chart is about 360 px wide.
    lines = textwrap.wrap(name, 14) or [""]
    top = y - (len(lines) - 1) * 11 if abs(math.sin(angle)) < 0.7 else y
    top = top - (len(lines) - 1) * 22 if math.sin(angle) < -0.7 else top
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else 22}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text x="{x:.1f}" y="{top:.1f}" text-anchor="{anchor}" dominant-baseline="middle" '
        f'font-size="19" fill="{INK}">{spans}</text>'
    )
