"""Background work: preparing a data download, the daily retention run and reminders."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from alliance.core.i18n import lazy_format
from alliance.core.notifications import email_send, recipients_of, subject
from alliance.privacy.export import build_zip, collect
from alliance.privacy.models import DataExport, ExportStatus


@task()
def export_prepare(export_id: int) -> int:
    """Collect everything about the person, store the ZIP, e-mail them. Returns rows."""
    export = DataExport.objects.select_related("person").get(pk=export_id)
    DataExport.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, progress=5)

    def progress(percent: int) -> None:
        DataExport.objects.filter(pk=export.pk).update(progress=max(5, percent))

    try:
        tables = collect(export.person, progress)
        content, digest = build_zip(export.person, tables)
    except Exception:
        DataExport.objects.filter(pk=export.pk).update(status=ExportStatus.FAILED)
        raise
    export.file.save(f"my-data-{export.pk}.zip", ContentFile(content), save=False)
    export.sha256 = digest
    export.tables = {label: len(rows) for label, rows in tables.items()}
    export.status = ExportStatus.READY
    export.progress = 100
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "sha256", "tables", "status", "progress", "finished_at"])
    url = settings.ALLIANCE_BASE_URL.rstrip("/") + reverse("privacy:my_data")
    email_send(
        to=recipients_of([export.person]),
        subject=lambda: subject(_("your data is ready to download")),
        body=lazy_format(
            _("The download of your data you asked for is ready (for 7 days):\n\n%(link)s\n"),
            link=url,
        ),
        now=True,
        fail_silently=True,
    )
    return sum(export.tables.values())


@task()
def retention_daily(apply: bool = False) -> int:
    """Once a day: a dry-run report, or (with ``apply``) the run itself. Returns rows."""
    from alliance.privacy.actions import retention_apply

    run = retention_apply(actor=None, today=timezone.localdate(), dry_run=not apply)
    return sum(len(r.get("ids", [])) for r in run.report.values())


@task()
def requests_remind_daily() -> int:
    from alliance.privacy.actions import data_requests_remind

    return data_requests_remind(today=timezone.localdate())
