"""The append-only public log. Rows are only ever inserted, never updated or deleted."""

from __future__ import annotations

from django.db import models


class LogHead(models.Model):
    """Singleton row: the current tree size and root. Locked to serialise appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    size = models.BigIntegerField(default=0)
    root_hash = models.BinaryField(default=b"")
    updated_at = models.DateTimeField(auto_now=True)


class LogEntry(models.Model):
    index = models.BigIntegerField(primary_key=True)
    kind = models.CharField(max_length=64, db_index=True)
    subject = models.CharField(max_length=200, db_index=True)
    # RFC 8785 canonical JSON bytes of the fact: the Merkle leaf data.
    leaf = models.BinaryField()
    fact = models.JSONField()
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["index"]
        verbose_name_plural = "log entries"

    def __str__(self) -> str:
        return f"#{self.index} {self.kind} {self.subject}"


class LogHash(models.Model):
    """Hash of every complete subtree, by stored-hash index (see engines.merkle)."""

    idx = models.BigIntegerField(primary_key=True)
    hash = models.BinaryField()
