"""The results sections' charts as server-rendered SVG: gaps, trends, the say/do grid.

Like charts.py: presentation attributes only (the CSP forbids style attributes), every
text escaped, and each chart sits next to a table with the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from mognad.web.apps.results.charts import GRID, INK

ACCENT = "#0b5d4b"
FLAG = "#b2182b"
MUTED = "#4a5468"


@dataclass(frozen=True)
class Whisker:
    """One row of a gap chart: a difference and its interval."""

    label: str
    estimate: float
    low: float
    high: float
    flagged: bool


def _open(view: str, title: str, desc: str, ident: str, css: str) -> list[str]:
    return [
        f'<svg class="{css}" viewBox="{view}" role="img" aria-labelledby="{ident}-t {ident}-d" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(desc)}</desc>',
    ]


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = 14) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{INK}">{escape(text)}</text>'
    )


def gap_chart(rows: Sequence[Whisker], title: str, desc: str, ident: str = "gaps") -> SafeString:
    """Differences as dots with interval whiskers around a zero line; flagged ones in red.

    Each row's label sits above its whisker, so the chart stays readable at phone width.
    """
    width, side, row_h, top = 400, 12, 48, 34
    span = max(10.0, *(max(abs(r.low), abs(r.high)) for r in rows)) if rows else 10.0
    span = math.ceil(span / 10) * 10
    height = top + row_h * len(rows)

    def x(value: float) -> float:
        return side + (value + span) / (2 * span) * (width - 2 * side)

    parts = _open(f"0 0 {width} {height}", title, desc, ident, "figure gap-chart")
    for tick in (-span, -span / 2, 0, span / 2, span):
        anchor = "start" if tick == -span else ("end" if tick == span else "middle")
        parts.append(
            f'<line x1="{x(tick):.1f}" y1="22" x2="{x(tick):.1f}" y2="{height - 4}" '
            f'stroke="{INK if tick == 0 else GRID}" stroke-width="{2 if tick == 0 else 1}"/>'
        )
        parts.append(_text(x(tick), 16, f"{tick:+.0f}" if tick else "0", anchor, 14))
    for i, row in enumerate(rows):
        y = top + i * row_h
        colour = FLAG if row.flagged else MUTED
        parts += [
            _text(side, y + 14, _clip(row.label, 44), "start", 15),
            f'<line x1="{x(row.low):.1f}" y1="{y + 30}" x2="{x(row.high):.1f}" y2="{y + 30}" '
            f'stroke="{colour}" stroke-width="4"/>',
            f'<circle cx="{x(row.estimate):.1f}" cy="{y + 30}" r="7" fill="{colour}"/>',
        ]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # numbers, fixed colours and escaped texts only


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def trend_chart(
    labels: Sequence[str], values: Sequence[float | None], title: str, desc: str
) -> SafeString:
    """A line over the rounds on 0-100; a round without a shown value breaks the line."""
    width, height, left, top, bottom = 520, 260, 40, 20, 40
    first = left + 24  # the first round sits clear of the axis labels
    step = (width - first - 30) / max(1, len(labels) - 1)

    def y(value: float) -> float:
        return top + (100 - value) / 100 * (height - top - bottom)

    parts = _open(f"0 0 {width} {height}", title, desc, "trend", "figure trend-chart")
    for level in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{left}" y1="{y(level):.1f}" x2="{width - 20}" y2="{y(level):.1f}" '
            f'stroke="{GRID}"/>'
        )
        parts.append(_text(left - 6, y(level) + 4, str(level), "end", 12))
    points = [(first + i * step, v) for i, v in enumerate(values)]
    for (x1, v1), (x2, v2) in pairwise(points):
        if v1 is not None and v2 is not None:
            parts.append(
                f'<line x1="{x1:.1f}" y1="{y(v1):.1f}" x2="{x2:.1f}" y2="{y(v2):.1f}" '
                f'stroke="{ACCENT}" stroke-width="3"/>'
            )
    for (px, value), label in zip(points, labels, strict=True):
        parts.append(_text(px, height - 12, label, "middle"))
        if value is not None:
            parts.append(f'<circle cx="{px:.1f}" cy="{y(value):.1f}" r="5" fill="{ACCENT}"/>')
            parts.append(_text(px, y(value) - 10, str(math.floor(value + 0.5)), "middle", 13))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # numbers, fixed colours and escaped texts only


def sparkline(values: Sequence[float | None]) -> SafeString:
    """A small decorative trend beside a table row; the row itself carries the numbers."""
    width, height = 80, 20
    step = width / max(1, len(values) - 1)
    pts = [(i * step, height - v / 100 * height) for i, v in enumerate(values) if v is not None]
    line = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
    return mark_safe(
        f'<svg class="spark" viewBox="-3 -3 {width + 6} {height + 6}" aria-hidden="true" '
        f'focusable="false" xmlns="http://www.w3.org/2000/svg"><polyline points="{line}" '
        f'fill="none" stroke="{ACCENT}" stroke-width="2"/></svg>'
    )


@dataclass(frozen=True)
class Dot:
    number: int
    importance: float
    performance: float


def say_do_chart(
    dots: Sequence[Dot],
    lines: tuple[float, float],
    corners: tuple[str, str, str, str],
    axes: tuple[str, str],
    title: str,
    desc: str,
) -> SafeString:
    """Importance (across) against performance (up), both 0-100, with the cross lines.

    `corners` names the quadrants: top left, top right, bottom left, bottom right.
    """
    size, pad = 360, 40

    def px(value: float) -> float:
        return pad + value / 100 * (size - 2 * pad)

    def py(value: float) -> float:
        return size - pad - value / 100 * (size - 2 * pad)

    parts = _open(f"0 0 {size} {size}", title, desc, "saydo", "figure say-do-chart")
    parts.append(
        f'<rect x="{pad}" y="{pad}" width="{size - 2 * pad}" height="{size - 2 * pad}" '
        f'fill="none" stroke="{GRID}"/>'
    )
    imp, perf = lines
    parts += [
        f'<line x1="{px(imp):.1f}" y1="{pad}" x2="{px(imp):.1f}" y2="{size - pad}" '
        f'stroke="{MUTED}" stroke-dasharray="5 4"/>',
        f'<line x1="{pad}" y1="{py(perf):.1f}" x2="{size - pad}" y2="{py(perf):.1f}" '
        f'stroke="{MUTED}" stroke-dasharray="5 4"/>',
        _text(pad + 4, pad + 14, corners[0], "start", 12),
        _text(size - pad - 4, pad + 14, corners[1], "end", 12),
        _text(pad + 4, size - pad - 6, corners[2], "start", 12),
        _text(size - pad - 4, size - pad - 6, corners[3], "end", 12),
        _text(size / 2, size - 10, axes[0], "middle", 13),
        f'<text x="14" y="{size / 2}" transform="rotate(-90 14 {size / 2})" text-anchor="middle" '
        f'font-size="13" fill="{INK}">{escape(axes[1])}</text>',
    ]
    for dot in dots:
        cx, cy = px(dot.importance), py(dot.performance)
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="10" fill="{ACCENT}"/>')
        parts.append(
            f'<text x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle" font-size="12" '
            f'fill="#fff">{dot.number}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # numbers, fixed colours and escaped texts only


def marker_bar(percentile: float) -> SafeString:
    """A 0-100 track with a marker at the percentile; decorative beside its number."""
    return mark_safe(
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" '
        'focusable="false" xmlns="http://www.w3.org/2000/svg">'
        f'<rect x="0" y="3" width="100" height="4" fill="{GRID}"/>'
        f'<rect x="0" y="3" width="{percentile:.1f}" height="4" fill="{ACCENT}"/>'
        f'<rect x="{max(0.0, percentile - 1):.1f}" y="0" width="2" height="10" fill="{INK}"/>'
        "</svg>"
    )
