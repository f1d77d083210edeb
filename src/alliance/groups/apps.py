from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "alliance.groups"
    label = "groups"

    def ready(self) -> None:
        from alliance.groups.models import BoardAnswer, GroupKind
        from alliance.transparency.fact_words import register_fact_values

        # The words for the codes of group.created and board.recommendation_answer.
        register_fact_values("kind", GroupKind.choices)
        register_fact_values("answer", BoardAnswer.choices)
