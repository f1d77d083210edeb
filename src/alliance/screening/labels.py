"""Words for the screening engine's codes (the engine imports no Django, so the
translations are here)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

# The names of the scorer's features (engines.screening.scorer.Feature.name), as the hit
# panel shows them, capitalised, with {% translate %}.
FEATURE_NAMES = (
    gettext_noop("Birth date"),
    gettext_noop("Country"),
    gettext_noop("Joined spelling"),
    gettext_noop("Kind"),
    gettext_noop("Numbers"),
    gettext_noop("Spacing"),
)
