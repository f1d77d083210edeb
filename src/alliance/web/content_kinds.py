"""The kinds of content that is data, for the secretariat's translation pages: for each,
its versions, their translatable texts and the audited action that sets a translation.
Web is the layer above every app these kinds live in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from alliance.core.content_i18n import Entry
from alliance.diligence.actions import policy_translation_set
from alliance.diligence.models import PolicyVersion
from alliance.diligence.policies import default_policy_version, policy_entries
from alliance.funding.actions import tier_schedule_translation_set
from alliance.funding.models import TierScheduleVersion
from alliance.funding.selectors import schedule_version_in_force, tier_entries
from alliance.governance.actions import rules_translation_set
from alliance.governance.actions.rules import rules_entries
from alliance.governance.models import RulesVersion
from alliance.governance.selectors import rules_in_force
from alliance.organisations.actions import principle_set_translation_set
from alliance.organisations.models import PrincipleSet
from alliance.organisations.principles import principle_entries
from alliance.organisations.selectors import current_principle_set


@dataclass(frozen=True)
class ContentKind:
    slug: str
    title: str | Promise
    versions: Callable[[], list[Any]]  # newest first, the one in force included
    current: Callable[[], Any]  # the version edited when none is named
    entries: Callable[[Any], list[Entry]]
    save: Callable[..., Any]  # (actor=, <object>=, language=, texts=)
    object_arg: str

    def version(self, pk: int | None) -> Any:
        """The version ``pk`` names (the one in force without one); None if no such."""
        if pk is None:
            return self.current()
        return next((v for v in self.versions() if v.pk == pk), None)

    def set(self, *, actor: Any, version: Any, language: str, texts: dict[str, str]) -> Any:
        return self.save(actor=actor, language=language, texts=texts, **{self.object_arg: version})


def _principle_sets() -> list[Any]:
    current = current_principle_set()
    stored = list(PrincipleSet.objects.order_by("-version"))
    # The shipped text not yet stored (no one has attested to it): it is stored when its
    # first translation is set.
    return ([current] if current.pk is None else []) + stored


def describe(kind: str, version: Any) -> str:
    """A version's name on the translation pages."""
    if kind == "principles":
        return str(_("Principles, version {number}")).format(number=version.version)
    if kind == "tiers":
        return str(_("Tier schedule, version {number}")).format(number=version.number)
    if kind == "rules":
        return str(_("Governance rules, version {number}")).format(number=version.version)
    return str(_("{policy}, version {number}")).format(
        policy=version.policy.title, number=version.number
    )


KINDS: dict[str, ContentKind] = {
    "principles": ContentKind(
        slug="principles",
        title=_("Principles"),
        versions=_principle_sets,
        current=current_principle_set,
        entries=lambda v: principle_entries(v.principles),
        save=principle_set_translation_set,
        object_arg="principle_set",
    ),
    "tiers": ContentKind(
        slug="tiers",
        title=_("Tier names"),
        versions=lambda: list(TierScheduleVersion.objects.order_by("-number")),
        current=lambda: schedule_version_in_force(timezone.localdate()),
        entries=lambda v: tier_entries(v.schedule),
        save=tier_schedule_translation_set,
        object_arg="version",
    ),
    "rules": ContentKind(
        slug="rules",
        title=_("Governance rules"),
        versions=lambda: list(RulesVersion.objects.order_by("-version")),
        current=rules_in_force,
        entries=rules_entries,
        save=rules_translation_set,
        object_arg="version",
    ),
    "criteria": ContentKind(
        slug="criteria",
        title=_("Due-diligence criteria"),
        versions=lambda: list(
            PolicyVersion.objects.select_related("policy").order_by("policy__code", "-number")
        ),
        current=default_policy_version,
        entries=policy_entries,
        save=policy_translation_set,
        object_arg="version",
    ),
}
