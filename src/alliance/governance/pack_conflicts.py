"""The conflicts the Board pack's first page notes about an organisation: the Board
members' declared interests in it, and conflicts flagged on motions about it. Registered
with diligence (the layer below) at start-up."""

from __future__ import annotations

from typing import Any

from alliance.governance.models import Conflict, Interest


def conflicts_about(organisation: Any) -> list[str]:
    lines = [
        f"{interest.member.display_name} declared an interest: {interest.description}"
        for interest in Interest.objects.filter(organisation=organisation).select_related("member")
    ]
    conflicts = Conflict.objects.filter(
        motion__application__organisation=organisation
    ).select_related("member", "motion")
    lines += [
        f"{conflict.member.display_name} on the motion “{conflict.motion.title}”: "
        f"{conflict.get_status_display().lower()}"
        for conflict in conflicts
    ]
    return lines
