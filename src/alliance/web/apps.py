from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "alliance.web"
    label = "web"

    def ready(self) -> None:
        # Connects the task-metrics receiver in every process (web and workers).
        from alliance.core.labels import register_labels
        from alliance.web import metrics  # noqa: F401
        from alliance.web.event_labels import EVENT_LABELS

        register_labels(EVENT_LABELS)

        from alliance.credentials.panels import register_tier_words
        from alliance.funding.selectors import tier_label

        # The credential panel names a partnership's tier in the reader's language.
        register_tier_words(tier_label)
