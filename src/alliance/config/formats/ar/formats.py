"""Arabic: Django's ``ar`` date formats, with CLDR's separators for the ``latn`` digits
the site writes (docs/i18n.md, "Numerals"): ``1,234,567.5``. Django's ``ar`` uses the
Maghreb ``,`` for decimals and groups nothing (``2500000,00``), which readers elsewhere
read as two numbers. Django's ``ar`` has no ``DATETIME_FORMAT`` (Django's default, an
American ``N j, Y, P``, would apply): the date as ``DATE_FORMAT`` writes it, then the
24-hour time the pages use."""

from django.conf.locale.ar.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
DATETIME_FORMAT = "j F، Y، H:i"
