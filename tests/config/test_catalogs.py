"""The French, Spanish and Arabic catalogs compile cleanly and leave nothing out (issue 18).

``compilemessages`` runs ``msgfmt --check`` on each catalog; this runs the same check into
a scratch file and reads msgfmt's own count of translated, fuzzy and untranslated
messages. A fuzzy or missing translation would show English on a French, Spanish or
Arabic page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
LANGUAGES = ("fr", "es", "ar")

needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext's msgfmt")


def _statistics(language: str, tmp_path: Path) -> dict[str, int]:
    po = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    done = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / f"{language}.mo"), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", done.stderr):
        counts[kind] = int(number)
    return counts


@needs_msgfmt
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalog_compiles_with_msgfmt_check(language, tmp_path):
    counts = _statistics(language, tmp_path)
    assert counts["translated"] > 0


@needs_msgfmt
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_fuzzy_or_untranslated(language, tmp_path):
    counts = _statistics(language, tmp_path)
    assert counts["fuzzy"] == 0 and counts["untranslated"] == 0, counts


def test_the_catalogs_are_what_django_reads():
    assert {code for code, _name in settings.LANGUAGES} == {"en-gb", *LANGUAGES}
    for language in LANGUAGES:
        assert (LOCALE_DIR / language / "LC_MESSAGES" / "django.po").is_file()
        with translation.override(language):
            assert translation.gettext("Sign in") != "Sign in"
