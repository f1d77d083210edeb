from typing import Any

from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "alliance.governance"
    label = "governance"
    verbose_name = "Board governance"

    def ready(self) -> None:
        from alliance.core.notifications import register_inbox
        from alliance.governance.notifications import inbox_store

        # The in-app inbox behind core's one notification module.
        register_inbox(inbox_store)

        from alliance.governance.selectors import rules_in_force
        from alliance.groups.board_rules import register_rules_reader

        # Groups sit below governance: they read the rules in force through this reader.
        def seated() -> list[Any]:
            version = rules_in_force()
            return [s.member for s in version.seats.select_related("member")] if version else []

        register_rules_reader(lambda: v.rules if (v := rules_in_force()) else None, seated)
