"""Policies as versioned data: the shipped UNDP-based default and the engine view of a
stored version. Versions are immutable, so a case keeps the rules it was assessed under."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db import transaction

from alliance.core.content_i18n import Entry, translated
from alliance.diligence.models import Policy, PolicyVersion
from alliance.engines.risk import (
    ExclusionaryCriterion,
    RiskPolicy,
    default_undp_policy,
    policy_from_data,
    policy_to_data,
)

CRITERION_FIELDS = ("name", "activity", "involvement")


@transaction.atomic
def default_policy_version() -> PolicyVersion:
    """The newest version of the default policy; the UNDP-based policy is created on
    first use, so a fresh installation needs no setup step."""
    policy = Policy.objects.filter(is_default=True).first()
    if policy is None:
        shipped = default_undp_policy()
        policy, _ = Policy.objects.get_or_create(
            code=shipped.code, defaults={"title": shipped.title, "is_default": True}
        )
        if not policy.is_default:
            Policy.objects.filter(pk=policy.pk).update(is_default=True)
    version = policy.versions.order_by("-number").first()
    if version is None:
        version = PolicyVersion.objects.create(
            policy=policy,
            number=1,
            data=policy_to_data(default_undp_policy()),
            note="Shipped with Alliance: UNDP Policy on Due Diligence and Partnerships "
            "with the Private Sector (2013).",
        )
    return version


def latest_version(policy: Policy) -> PolicyVersion:
    version = policy.versions.order_by("-number").first()
    if version is None:  # a policy is always created with its first version
        raise PolicyVersion.DoesNotExist(policy.code)
    return version


def engine_policy(version: PolicyVersion) -> RiskPolicy:
    """The engine's policy for a stored version; the stored number is the version."""
    return policy_from_data(
        {**version.data, "code": version.policy.code, "version": str(version.number)}
    )


def policy_entries(version: PolicyVersion) -> list[Entry]:
    """The translatable texts of a policy version: each exclusionary criterion's name,
    activity and kind of involvement."""
    return [
        Entry(key=f"{c['code']}.{name}", source=c[name], label=f"{c['number']}. {c['name']}")
        for c in version.data.get("criteria", [])
        for name in CRITERION_FIELDS
    ]


def criteria_shown(
    version: PolicyVersion, policy: RiskPolicy | None = None, language: Any = None
) -> list[ExclusionaryCriterion]:
    """The version's criteria with their texts in the active language (English where the
    secretariat has no translation); codes, thresholds and sources as stored."""
    policy = policy or engine_policy(version)
    translations = version.translations or {}

    def shown(c: ExclusionaryCriterion, name: str) -> str:
        return translated(translations, f"{c.code}.{name}", getattr(c, name), language)

    return [
        dataclasses.replace(
            c,
            name=shown(c, "name"),
            activity=shown(c, "activity"),
            involvement=shown(c, "involvement"),
        )
        for c in policy.criteria
    ]
