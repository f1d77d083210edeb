"""Board decisions. Admission, decline and termination are taken only through one."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DecisionKind(models.TextChoices):
    ADMISSION = "admission", "Admit partner"
    DECLINE = "decline", "Decline application"
    SUSPENSION = "suspension", "Suspend partnership"
    REINSTATEMENT = "reinstatement", "Reinstate partnership"
    TERMINATION = "termination", "Terminate partnership"


class BoardDecision(models.Model):
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    application = models.ForeignKey(
        "organisations.Application", on_delete=models.PROTECT, null=True, blank=True,
        related_name="board_decisions",
    )
    partnership = models.ForeignKey(
        "organisations.Partnership", on_delete=models.PROTECT, null=True, blank=True,
        related_name="board_decisions",
    )
    reason = models.TextField()
    decided_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Set once the decision has been carried out by the lifecycle action it authorises.
    applied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application__isnull=False) | models.Q(partnership__isnull=False),
                name="decision_has_subject",
            )
        ]

    def __str__(self) -> str:
        subject = self.application or self.partnership
        return f"{self.get_kind_display()}: {subject} ({self.decided_on})"
