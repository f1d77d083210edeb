"""The append-only public log. Rows are only ever inserted, never updated or deleted.

The ORM refuses updates and deletes of entries, hashes and checkpoints (model
``save``/``delete`` and the query set's ``update``/``delete``); anyone who edits
the database behind its back is caught by the signed checkpoints and proofs.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from alliance.engines.merkle import decode_fact

ERR_APPEND_ONLY = "The transparency log is append-only: rows are never changed or deleted."


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a log row through the ORM."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(ERR_APPEND_ONLY)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(ERR_APPEND_ONLY)


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(ERR_APPEND_ONLY)
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(ERR_APPEND_ONLY)


class LogHead(models.Model):
    """Singleton row: the current tree size and root. Locked to serialise appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    size = models.BigIntegerField(default=0)
    root_hash = models.BinaryField(default=b"")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"log head: {self.size} entries"


class LogEntry(AppendOnlyModel):
    index = models.BigIntegerField(primary_key=True)
    kind = models.CharField(max_length=64, db_index=True)
    subject = models.CharField(max_length=200, db_index=True)
    # RFC 8785 canonical JSON bytes of {index, kind, subject, time, fact[, corrects]}:
    # the Merkle leaf data, and the only source of what the site shows (``document``).
    leaf = models.BinaryField()
    # The same document, parsed, kept only so the database can search it. It is never
    # shown: every read checks it against ``leaf`` (transparency.integrity).
    fact = models.JSONField()
    # A correction is a new entry naming the entry it corrects.
    corrects = models.BigIntegerField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["index"]
        verbose_name_plural = "log entries"
        indexes = [
            models.Index(fields=["subject", "index"]),
            models.Index(fields=["kind", "index"]),
        ]

    def __str__(self) -> str:
        return f"#{self.index} {self.kind} {self.subject}"

    @cached_property
    def document(self) -> dict[str, Any]:
        """The logged document, decoded from the leaf bytes the tree hashes ({} if they
        are not canonical JSON, which ``transparency.integrity`` reports as a failure)."""
        try:
            value = decode_fact(bytes(self.leaf))
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    @property
    def body(self) -> dict[str, Any]:
        """The fact as published: the inner ``fact`` mapping of the signed leaf."""
        inner = self.document.get("fact")
        return inner if isinstance(inner, dict) else {}


class LogHash(AppendOnlyModel):
    """Hash of every complete subtree, by stored-hash index (see engines.merkle)."""

    idx = models.BigIntegerField(primary_key=True)
    hash = models.BinaryField()

    def __str__(self) -> str:
        return f"stored hash {self.idx}"


class Checkpoint(AppendOnlyModel):
    """A signed C2SP checkpoint, issued on every change and at least hourly."""

    size = models.BigIntegerField(db_index=True)
    root_hash = models.BinaryField()
    note = models.TextField(help_text=_("the signed note, exactly as served"))
    verifier_key = models.CharField(max_length=200, help_text=_("<name>+<key id>+<key>"))
    issued_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-id"]
        get_latest_by = "id"

    def __str__(self) -> str:
        return f"checkpoint size {self.size} at {self.issued_at:%Y-%m-%d %H:%M}"
