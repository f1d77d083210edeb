"""British English: Django's ``en_GB`` formats, with the 24-hour clock the site's pages
write (``3 Dec 2026, 14:30``, not ``2:30 p.m.``) and months abbreviated in a month and
year (``Dec 2026``), as the pages wrote them before they named the formats (templates
say ``date:"DATE_FORMAT"``, so each language writes a date its own way: docs/i18n.md)."""

from django.conf.locale.en_GB.formats import *  # noqa: F403

DATETIME_FORMAT = "j M Y, H:i"
YEAR_MONTH_FORMAT = "M Y"
