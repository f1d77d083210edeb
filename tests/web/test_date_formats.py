"""No page writes a date for people in a fixed ISO form: the pages said "Last screened
2026-12-04 18:50" and "since 2025-10-13" in French and Arabic, where the rest of the page
says "4 décembre 2026". A date for a machine (a ``<time datetime>``, an input's value, a
file name) may be ISO."""

from __future__ import annotations

import re
from pathlib import Path

import alliance

TEMPLATES = Path(alliance.__file__).parent
# ``|date:"Y-m-d"``, ``|date:'Y-m-d H:i'`` and the like.
FIXED = re.compile(r"""\|date:(["'])(?P<format>[^"']*Y-m-d[^"']*)\1""")
# Where an ISO date is for a machine: an attribute's value.
FOR_A_MACHINE = re.compile(r"""(?:datetime|value|download|data-[\w-]+)=["'][^"']*$""")


def test_dates_for_people_use_the_locales_formats() -> None:
    found = []
    for path in sorted(TEMPLATES.rglob("templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for match in FIXED.finditer(text):
            if FOR_A_MACHINE.search(text[: match.start()].rsplit("<", 1)[-1]):
                continue
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(TEMPLATES)}:{line}: {match.group(0)}")
    assert not found, "use DATE_FORMAT / DATETIME_FORMAT:\n" + "\n".join(found)
