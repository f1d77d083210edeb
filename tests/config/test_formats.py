"""Dates as each language writes them (docs/i18n.md, "Dates"): templates name the
locale's formats, so French reads ``3 décembre 2026`` where ``j M Y`` wrote
``3 Déc 2026``; the English pages read as before."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

DAY = date(2026, 12, 3)
AT = datetime(2026, 12, 3, 14, 30)
TEMPLATE = Template(
    '{{ d|date:"DATE_FORMAT" }}|{{ t|date:"DATETIME_FORMAT" }}|{{ d|date:"YEAR_MONTH_FORMAT" }}'
)


def _written(language: str) -> list[str]:
    with translation.override(language):
        return TEMPLATE.render(Context({"d": DAY, "t": AT})).split("|")


@pytest.mark.parametrize(
    ("language", "day", "moment", "month"),
    [
        ("en-gb", "3 Dec 2026", "3 Dec 2026, 14:30", "Dec 2026"),
        ("fr", "3 décembre 2026", "3 décembre 2026 14:30", "décembre 2026"),
        ("es", "3 de diciembre de 2026", "3 de diciembre de 2026 a las 14:30", "diciembre de 2026"),
        ("ar", "3 ديسمبر، 2026", "3 ديسمبر، 2026، 14:30", "ديسمبر 2026"),
    ],
)
def test_each_language_writes_a_date_its_own_way(language, day, moment, month) -> None:  # type: ignore[no-untyped-def]
    assert _written(language) == [day, moment, month]


def test_no_template_writes_a_month_with_a_pattern() -> None:
    """``M`` (and ``N``, ``b``) are Django's abbreviated months, which read ``Déc`` in
    French and ``Dic`` in Spanish; a template names a format instead."""
    found = []
    for path in Path(settings.BASE_DIR).rglob("*.html"):
        for pattern in re.findall(r'date:"([^"]*)"', path.read_text(encoding="utf-8")):
            if not pattern.endswith("_FORMAT") and re.search(r"(?<!\\)[MNb]", pattern):
                found.append(f"{path.name}: {pattern}")
    assert not found


@pytest.mark.django_db
def test_a_french_page_writes_its_dates_in_french(client) -> None:  # type: ignore[no-untyped-def]
    from alliance.privacy import selectors

    published = selectors.current_notice()
    published_on = published.published_at.date()
    page = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    with translation.override("fr"):
        month = Template('{{ d|date:"F" }}').render(Context({"d": published_on}))
    assert f"publiée le {published_on.day} {month} {published_on.year}" in page.replace("\xa0", " ")


FIRST = date(2026, 1, 1)


@pytest.mark.parametrize(
    ("language", "template", "expected"),
    [
        ("fr", '{{ d|date:"DATE_FORMAT" }}', "1er janvier 2026"),
        ("fr", '{{ t|date:"DATETIME_FORMAT" }}', "1er janvier 2026 14:30"),
        ("fr", '{{ d|date:"j F Y" }}', "1er janvier 2026"),
        ("fr", "{{ d|date }}", "1er janvier 2026"),
        ("fr", '{{ d|date:"SHORT_DATE_FORMAT" }}', "01/01/2026"),  # digits: no ordinal
        ("fr", '{{ d|date:"YEAR_MONTH_FORMAT" }}', "janvier 2026"),
        ("fr", '{{ second|date:"DATE_FORMAT" }}', "2 janvier 2026"),  # premier only
        ("fr", '{{ d|date:"\\j j F" }}', "j 1er janvier"),  # an escaped j is a letter
        ("en-gb", '{{ d|date:"DATE_FORMAT" }}', "1 Jan 2026"),
        ("es", '{{ d|date:"DATE_FORMAT" }}', "1 de enero de 2026"),
        ("ar", '{{ d|date:"DATE_FORMAT" }}', "1 يناير، 2026"),
        ("fr", '{{ nothing|date:"DATE_FORMAT" }}', ""),
    ],
)
def test_french_writes_the_first_of_the_month_as_an_ordinal(language, template, expected) -> None:  # type: ignore[no-untyped-def]
    context = {
        "d": FIRST,
        "t": datetime(2026, 1, 1, 14, 30),
        "second": date(2026, 1, 2),
        "nothing": None,
    }
    with translation.override(language):
        assert Template(template).render(Context(context)) == expected


def test_python_callers_write_the_first_of_the_month_as_templates_do() -> None:
    from alliance.core.i18n import date_shown, lazy_format
    from alliance.core.reasoning import value_shown

    with translation.override("fr"):
        assert date_shown(FIRST) == "1er janvier 2026"
        assert str(lazy_format("%(day)s", day=FIRST)) == "1er janvier 2026"
        assert value_shown("2026-03-01") == "1er mars 2026"
