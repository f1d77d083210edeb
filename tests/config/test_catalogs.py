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


# --- makemessages finds no new unmarked string -----------------------------------------

# What docs/i18n.md leaves out of the catalogs: the engines (no Django), the demo data,
# fallback data, settings and the CLI, which may stay English.
NOT_CATALOGUED = {"engines", "demo", "fallback_data", "config", "cli.py", "var", "locale"}
needs_gettext = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in ("xgettext", "msgmerge", "msgattrib")),
    reason="needs GNU gettext",
)


def _msgids(po_text: str) -> list[str]:
    """The msgids of a catalog's entries (multi-line ones joined), header left out."""
    found: list[str] = []
    current: list[str] | None = None
    for line in [*po_text.splitlines(), ""]:
        if line.startswith("msgid "):
            current = [line[len("msgid ") :]]
        elif current is not None and line.startswith('"'):
            current.append(line)
        elif current is not None:
            text = "".join(part.strip()[1:-1] for part in current)
            if text:
                found.append(text)
            current = None
    return found


@needs_gettext
def test_makemessages_finds_no_string_missing_from_the_catalog(tmp_path, settings, monkeypatch):
    """Django's makemessages, run over the source into a scratch copy of the French
    catalog, adds nothing: every marked string is already in the committed catalog.
    (msgmerge leaves a new msgid untranslated or fuzzy; msgattrib lists those.)"""
    from django.core.management import call_command

    source = LOCALE_DIR.parent
    tree = tmp_path / "alliance"
    tree.mkdir()
    for entry in source.iterdir():
        if entry.name not in NOT_CATALOGUED and not entry.name.startswith((".", "__pycache__")):
            (tree / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    committed = LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po"
    scratch = tree / "locale" / "fr" / "LC_MESSAGES"
    scratch.mkdir(parents=True)
    shutil.copy(committed, scratch / "django.po")
    settings.LOCALE_PATHS = [str(tree / "locale")]
    monkeypatch.chdir(tree)
    call_command(
        "makemessages",
        locale=["fr"],
        symlinks=True,
        ignore_patterns=["*/migrations/*"],
        add_location="file",
        verbosity=0,
    )
    new = subprocess.run(
        ["msgattrib", "--no-obsolete", "--untranslated", str(scratch / "django.po")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--no-obsolete", "--only-fuzzy", str(scratch / "django.po")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    missing = sorted(set(_msgids(new)) | set(_msgids(fuzzy)))
    assert not missing, "marked but not in the catalogs:\n" + "\n".join(missing)
