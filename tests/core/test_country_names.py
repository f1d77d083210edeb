"""Country names come from pycountry's own catalogs, in the reader's language (issue 18)."""

from __future__ import annotations

from django.utils import translation

from alliance.core.forms import country_name
from alliance.organisations.forms import OrganisationForm


def _options(form: OrganisationForm) -> dict[str, str]:
    return {str(code): str(label) for code, label in form.fields["registration_country"].choices}


def test_a_form_declared_once_names_countries_in_each_request_language():
    expected = {"en-gb": "Germany", "fr": "Allemagne", "es": "Alemania", "ar": "ألمانيا"}
    for language, germany in expected.items():
        with translation.override(language):
            assert _options(OrganisationForm())["DE"] == germany
            assert country_name("DE") == germany


def test_names_are_sorted_for_the_reader_and_stored_as_codes():
    with translation.override("fr"):
        names = [label for code, label in _options(OrganisationForm()).items() if code]
        assert names.index("Afrique du Sud") < names.index("Allemagne") < names.index("Égypte")
        assert names.index("Égypte") < names.index("Espagne")
    with translation.override("ar"):
        assert country_name("KE") == "كينيا"
        assert country_name("zz") == "zz"  # unknown codes read as themselves


def test_moldova_is_not_named_the_maldives_in_arabic() -> None:
    """iso-codes' Arabic catalog gives Moldova's common name as the Maldives' (seen on the
    intake queue: "Ministry of Interior, Republic of Moldova — المالديف")."""
    from django.utils import translation

    from alliance.core.forms import country_name

    with translation.override("ar"):
        moldova, maldives = country_name("MD"), country_name("MV")
    assert moldova == "مولدوفا"
    assert "المالديف" not in moldova and "المالديف" in maldives
