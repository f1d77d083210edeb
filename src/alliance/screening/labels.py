"""Words for the screening engine's codes (the engine imports no Django, so the
translations are here)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# The names of the scorer's features (engines.screening.scorer.Feature.name), as the hit
# panel shows them, capitalised, with {% translate %}.
FEATURE_NAMES = (
    gettext_noop("Birth date"),
    gettext_noop("Consonants only"),
    gettext_noop("Country"),
    gettext_noop("Distinctive names"),
    gettext_noop("Distinctive words"),
    gettext_noop("Joined spelling"),
    gettext_noop("Kind"),
    gettext_noop("Legal form"),
    gettext_noop("Name parts"),
    gettext_noop("Numbers"),
    gettext_noop("One character"),
    gettext_noop("One given name"),
    gettext_noop("Spacing"),
    gettext_noop("Written characters"),
    gettext_noop("Written typo"),
)

# engines.screening.model.EntryKind, by its value.
KIND_WORDS = {
    "person": _("Person"),
    "organisation": _("Organisation"),
    "vessel": _("Vessel"),
    "aircraft": _("Aircraft"),
    "unknown": _("Unknown"),
}
