"""Form building blocks every app uses, so a saved value always renders back as itself.

- Dates go to ``<input type=date>`` as ISO ``YYYY-MM-DD`` whatever the locale (the
  British default ``12/04/1979`` is not a value a date input can show, and the next save
  would erase it).
- Countries and nationalities are picked by name from the ISO 3166 list (pycountry), named
  in the reader's language from pycountry's own catalogs, and stored as their two-letter
  code.
- Free text has a documented length limit (``SHORT_TEXT``, ``TEXT``, ``LONG_TEXT``):
  the field's ``max_length`` gives the browser its ``maxlength`` and the page its hint
  (``apply/_field.html``); models carry the same limit. See docs/forms.md.
"""

from __future__ import annotations

import gettext
import unicodedata
from functools import cache
from typing import Any

import pycountry
from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"

# Length limits, in characters (docs/forms.md).
NAME_TEXT = 200  # a person's name, a position, an owner
SHORT_TEXT = 300  # a title, a legal name, a subject
TEXT = 4000  # a reason, a note, a paragraph of evidence
LONG_TEXT = 8000  # an answer, a motivation, minutes, a document body
DOCUMENT_TEXT = 100_000  # a JSON document pasted for checking (policies, schedules)

ERR_COUNTRY = _("Choose a country from the list.")


class DateInput(forms.DateInput):
    """A native date picker that is given the ISO date it can show."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATE)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATETIME_LOCAL)


def _sort_key(name: str) -> str:
    """Names sorted as a reader expects: accents and case do not move a name."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _country_catalog(language: str) -> gettext.NullTranslations:
    """pycountry's translations of the ISO 3166-1 names (from Debian's iso-codes)."""
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:  # English, the catalog's source language, has none
        return gettext.NullTranslations()


# Names a catalog gets wrong, by language and code. iso-codes' Arabic catalog translates
# Moldova's common name "Moldova" as "المالديف" (the Maldives, whose own entry is
# "جزر المالديف"); its full name "Moldova, Republic of" it gets right ("جمهورية مولدوفا").
CATALOG_FIXES: dict[str, dict[str, str]] = {"ar": {"MD": "مولدوفا"}}


@cache
def _country_choices(language: str) -> tuple[tuple[str, str], ...]:
    catalog = _country_catalog(language)
    fixes = CATALOG_FIXES.get(language, {})

    def name(country: Any) -> str:
        if country.alpha_2 in fixes:
            return fixes[country.alpha_2]
        common = getattr(country, "common_name", None)
        if common and catalog.gettext(common) != common:
            return catalog.gettext(common)
        # A catalog without the common name ("Iran") still has the full one.
        translated = catalog.gettext(country.name)
        return common if common and translated == country.name else translated

    rows = [(country.alpha_2, name(country)) for country in pycountry.countries]
    return tuple(sorted(rows, key=lambda row: _sort_key(row[1])))


def country_choices() -> tuple[tuple[str, str], ...]:
    """(alpha-2 code, common name) for every ISO 3166-1 country, in the active language
    (pycountry's catalogs; English when it has none), sorted by name."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return _country_choices(language)


def country_name(code: str) -> str:
    """The country's name for a stored code, in the active language; the code itself
    when unknown; '' for ''."""
    if not code:
        return ""
    return dict(country_choices()).get(code.upper(), code)


class CountryField(forms.ChoiceField):
    """A country chosen by name, cleaned to its two-letter code.

    The choices are a callable, so a form declared once at import still lists the names
    in the language of each request.
    """

    def __init__(self, *, required: bool = True, blank_label: Any = None, **kwargs: Any) -> None:
        blank = blank_label or (_("Choose a country…") if required else _("Not given"))
        kwargs.setdefault("error_messages", {"invalid_choice": ERR_COUNTRY})

        def choices() -> list[tuple[str, Any]]:
            return [("", blank), *country_choices()]

        super().__init__(choices=choices, required=required, **kwargs)

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).strip().upper()

    def prepare_value(self, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value


class PlainTextField(forms.CharField):
    """Free text whose line endings are kept as saved: browsers send a textarea's lines
    as CRLF, which would otherwise make every unchanged save a change."""

    def to_python(self, value: Any) -> str:
        text = str(super().to_python(value) or "")
        return text.replace("\r\n", "\n").replace("\r", "\n")


def text_field(
    label: Any = None,
    *,
    limit: int = TEXT,
    rows: int | None = 3,
    required: bool = True,
    **kwargs: Any,
) -> forms.CharField:
    """A free-text field with its limit: a textarea when ``rows``, else one line."""
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return PlainTextField(label=label, max_length=limit, required=required, widget=widget, **kwargs)


def length_hint(limit: int) -> str:
    return str(_("At most {limit:,} characters.")).format(limit=limit)
