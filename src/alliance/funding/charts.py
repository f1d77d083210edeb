"""Server-side SVG charts for the funding dashboard.

Plain SVG with presentation attributes (fill, font-size...), no inline styles and no
script, so the strict Content-Security-Policy allows it. Each chart has a <title> and a
<desc>, and the page shows the same numbers in a table beside it.

In a right-to-left language (Arabic) the chart is drawn mirrored, as the page is: the
value axis on the right, the first category and the legend starting from the right. The
<svg> carries ``direction="rtl"``, under which ``text-anchor`` start and end are the
right and left edges, so mirroring each x coordinate keeps every label on its side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi

from alliance.core.labels import money

# Colour-blind-safe palette (Okabe–Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999")
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 36, 48


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Decimal]
    colour: str = ""  # the same measure keeps its colour across charts


# What each measure is drawn in, on every chart.
MEASURE_COLOURS = {
    "Budget": "#56B4E9",
    "Pledged (cash)": "#E69F00",
    "Received (cash)": "#009E73",
    "Received": "#009E73",
    "In kind": "#CC79A7",
    "In kind (apart)": "#CC79A7",
    "Overdue": "#D55E00",
    "Scheduled": "#E69F00",
}


def colour_of(series: Series, index: int) -> str:
    return series.colour or MEASURE_COLOURS.get(series.name) or PALETTE[index % len(PALETTE)]


def _compact(amount: Decimal) -> str:
    value = float(amount)  # display only: never used for money arithmetic
    for unit, size in (("bn", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(value) >= size:
            return f"{value / size:.3g}{unit}"
    return f"{value:.0f}"


def _nice_max(peak: Decimal) -> Decimal:
    if peak <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(peak))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = magnitude * Decimal(str(step))
        if top >= peak:
            return top
    return magnitude * 10


@dataclass(frozen=True)
class _Side:
    """Where an x coordinate of the left-to-right drawing lands: the same place, or its
    mirror image when the page reads right to left."""

    rtl: bool

    def x(self, x: float) -> float:
        return WIDTH - x if self.rtl else x

    def box(self, x: float, width: float) -> float:
        """The left edge of a box drawn from ``x`` to ``x + width``."""
        return WIDTH - x - width if self.rtl else x

    @property
    def direction(self) -> str:
        return ' direction="rtl"' if self.rtl else ""


def _side() -> _Side:
    return _Side(rtl=get_language_bidi())


def _legend(series: Sequence[Series], side: _Side) -> list[str]:
    parts = []
    x = LEFT
    for index, s in enumerate(series):
        colour = colour_of(s, index)
        parts.append(
            f'<rect x="{side.box(x, 12):.0f}" y="10" width="12" height="12" fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{side.x(x + 16):.0f}" y="20" font-size="12" fill="#222">'
            f"{escape(s.name)}</text>"
        )
        x += 24 + 7 * len(s.name)
    return parts


def grouped_bars(
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    currency: str = "USD",
) -> SafeString:
    """Vertical bars, one group per category, one bar per series."""
    side = _side()
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    peak = max((v for s in series for v in s.values), default=Decimal(0))
    top = _nice_max(peak)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{escape(chart_id)}" class="chart" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}"{side.direction} role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">'
        + escape(
            "; ".join(
                f"{cat}: " + ", ".join(f"{s.name} {money(s.values[i], currency)}" for s in series)
                for i, cat in enumerate(categories)
            )
        )
        + "</desc>",
    ]
    for tick in range(5):
        value = top * tick / 4
        y = TOP + plot_h - plot_h * tick / 4
        parts.append(
            f'<line x1="{side.x(LEFT):.0f}" y1="{y:.1f}" x2="{side.x(WIDTH - RIGHT):.0f}" '
            f'y2="{y:.1f}" stroke="#ddd" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{side.x(LEFT - 6):.0f}" y="{y + 4:.1f}" font-size="11" '
            f'text-anchor="end" fill="#444">{_compact(value)}</text>'
        )
    group_w = plot_w / max(len(categories), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    for i, category in enumerate(categories):
        gx = LEFT + group_w * i + group_w * 0.1
        for j, s in enumerate(series):
            value = s.values[i]
            h = float(plot_h * max(value, Decimal(0)) / top)
            x, y = gx + bar_w * j, TOP + plot_h - h
            parts.append(
                f'<rect x="{side.box(x, bar_w):.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}" '
                f'fill="{colour_of(s, j)}"><title>{escape(category)} — '
                f"{escape(s.name)}: {escape(money(value, currency))}</title></rect>"
            )
        parts.append(
            f'<text x="{side.x(gx + group_w * 0.4):.1f}" y="{HEIGHT - BOTTOM + 18}" '
            f'font-size="12" text-anchor="middle" fill="#222">{escape(category)}</text>'
        )
    parts.append(
        f'<line x1="{side.x(LEFT):.0f}" y1="{TOP + plot_h}" x2="{side.x(WIDTH - RIGHT):.0f}" '
        f'y2="{TOP + plot_h}" stroke="#444" stroke-width="1"/>'
    )
    parts.extend(_legend(series, side))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text node above is escaped


def stacked_bar(
    chart_id: str,
    title: str,
    parts_in: Sequence[tuple[str, Decimal]],
    currency: str = "USD",
    colours: Sequence[str] = (),
) -> SafeString:
    """One horizontal bar split into segments (the pledge pipeline). ``colours``, one per
    segment, keeps each measure's colour when its name is shown translated."""
    side = _side()
    total = sum((v for _, v in parts_in), Decimal(0)) or Decimal(1)
    plot_w = WIDTH - LEFT - RIGHT
    height = 120
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{escape(chart_id)}" class="chart" '
        f'viewBox="0 0 {WIDTH} {height}"{side.direction} role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">'
        + escape("; ".join(f"{name} {money(value, currency)}" for name, value in parts_in))
        + "</desc>",
    ]
    x = float(LEFT)
    for index, (name, value) in enumerate(parts_in):
        w = float(plot_w * value / total)
        given = colours[index] if index < len(colours) else ""
        colour = colour_of(Series(name, [value], colour=given), index)
        parts.append(
            f'<rect x="{side.box(x, w):.1f}" y="40" width="{w:.1f}" height="36" '
            f'fill="{colour}">'
            f"<title>{escape(name)}: {escape(money(value, currency))}</title></rect>"
        )
        if w > 40:
            parts.append(
                f'<text x="{side.x(x + w / 2):.1f}" y="63" font-size="12" text-anchor="middle" '
                f'fill="#fff">{_compact(value)}</text>'
            )
        x += w
    parts.extend(_legend([Series(name, [value]) for name, value in parts_in], side))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text node above is escaped
