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
