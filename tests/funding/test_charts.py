"""The funding charts mirror in a right-to-left language, as the page around them does."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils import translation

from alliance.funding import charts

CATEGORIES = ["2025", "2026"]
SERIES = [
    charts.Series("Budget", [Decimal(100), Decimal(200)]),
    charts.Series("Received (cash)", [Decimal(50), Decimal(150)]),
]


def _drawn(language: str, draw) -> str:  # type: ignore[no-untyped-def]
    with translation.override(language):
        return str(draw())


def _bars() -> str:
    return charts.grouped_bars("years", "By year", CATEGORIES, SERIES)


def _pipeline() -> str:
    parts = [("Received", Decimal(3)), ("Overdue", Decimal(1))]
    return charts.stacked_bar("pipeline", "Pipeline", parts)


def _rects(svg: str) -> list[tuple[float, float]]:
    found = re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)
    return [(float(x), float(w)) for x, w in found]


def _label_x(svg: str, text: str) -> float:
    match = re.search(rf'<text x="([\d.]+)"[^>]*>{re.escape(text)}</text>', svg)
    assert match, text
    return float(match.group(1))


def test_left_to_right_chart_reads_from_the_left():
    svg = _drawn("en-gb", _bars)
    assert 'direction="rtl"' not in svg
    assert _label_x(svg, "2025") < _label_x(svg, "2026")
    assert _label_x(svg, "Budget") < _label_x(svg, "Received (cash)")  # legend from the left
    assert _label_x(svg, "0") == charts.LEFT - 6  # the value axis on the left


def test_arabic_chart_is_the_mirror_image():
    english, arabic = _drawn("en-gb", _bars), _drawn("ar", _bars)
    assert 'direction="rtl"' in arabic
    assert _label_x(arabic, "2025") > _label_x(arabic, "2026")  # first year on the right
    assert _label_x(arabic, "Budget") > _label_x(arabic, "Received (cash)")
    assert _label_x(arabic, "0") == charts.WIDTH - (charts.LEFT - 6)  # value axis on the right
    # Every box lands where the English one's mirror image is, and inside the chart.
    mirrored = [(round(charts.WIDTH - x - w, 1), w) for x, w in _rects(english)]
    assert [(round(x, 1), w) for x, w in _rects(arabic)] == mirrored
    assert all(x >= 0 and x + w <= charts.WIDTH for x, w in _rects(arabic))


def test_arabic_pipeline_starts_from_the_right():
    english, arabic = _drawn("en-gb", _pipeline), _drawn("ar", _pipeline)
    assert 'direction="rtl"' in arabic
    # The first segment (received) sits against the left edge in English, the right in Arabic.
    (x_en, w_en), (x_ar, w_ar) = _rects(english)[0], _rects(arabic)[0]
    assert x_en == charts.LEFT
    assert w_ar == w_en and round(x_ar + w_ar, 1) == charts.WIDTH - charts.LEFT
