from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "alliance.web"
    label = "web"

    def ready(self) -> None:
        # Connects the task-metrics receiver in every process (web and workers).
        from alliance.web import metrics  # noqa: F401
