"""Words for diligence's codes that are engine values rather than model choices."""

from __future__ import annotations

from alliance.engines.risk import Relationship

RELATIONSHIP_LABELS: dict[str, str] = {
    Relationship.MEMBERSHIP.value: "Membership (little or no cash contribution)",
    Relationship.IN_KIND.value: "In-kind partnership (expertise, technology, networks, venues)",
    Relationship.FINANCIAL.value: "Financial partnership (a cash contribution)",
    Relationship.GOVERNANCE.value: "A governance role (a Board seat or a group's chair)",
}


def relationship_label(code: str) -> str:
    return RELATIONSHIP_LABELS.get(code, code.replace("_", " ").capitalize())
