"""Reads of the public log, shaped for the register, the transparency pages and the API."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from django.db.models import F, Max, Q, QuerySet, TextField, Window
from django.db.models.functions import Cast, RowNumber
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from alliance.core.forms import country_name
from alliance.core.i18n import date_shown
from alliance.core.labels import humanise
from alliance.engines.merkle import (
    CheckpointError,
    NoteError,
    ProofError,
    leaf_hash,
    verify_checkpoint,
    verify_inclusion,
)
from alliance.transparency import integrity
from alliance.transparency.fact_words import fact_value_words
from alliance.transparency.models import Checkpoint, LogEntry, LogHead
from alliance.transparency.tree import inclusion

# Register sections, by kind prefix. The longest matching prefix wins, so
# "board.answer" goes with the groups, other "board." kinds with decisions.
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("partners", "Partnership changes", ("partner.", "application.")),
    ("decisions", "Board decisions", ("board.",)),
    ("rules", "Rules and their history", ("governance.", "rules.", "tier_schedule.")),
    ("groups", "Groups: recommendations and Board answers", ("group.", "board.answer")),
    ("funding", "Funding", ("funding.",)),
    ("other", "Credentials and the log itself", ("credential.", "issuer_key.", "log.")),
)
SECTION_TITLES = {key: title for key, title, _prefixes in SECTIONS}

# The words for the keys of the facts the log publishes (the keys stay as signed; only
# their labels are translated). A key not listed is shown in words (``humanise``).
FACT_LABELS = {
    "abstentions": _("Abstentions"),
    "adopted_on": _("Adopted on"),
    "answer": _("Answer"),
    "answer_due": _("Answer due"),
    "answered_on": _("Answered on"),
    "beneficiaries": _("Beneficiaries"),
    "board_decision": _("Board decision"),
    "board_motion": _("Board motion"),
    "by_tier": _("By tier"),
    "by_type": _("By type of organisation"),
    "by_year": _("By year"),
    "charter": _("Charter"),
    "closed_on": _("Closed on"),
    "commercial_stance": _("Commercial stance"),
    "conclusion": _("Conclusion"),
    "country": _("Country"),
    "created_on": _("Created on"),
    "currency": _("Currency"),
    "decided_on": _("Decided on"),
    "endorsement_subject": _("Endorsement subject"),
    "failed_because": _("Failed because"),
    "founding_partner": _("Founding partner"),
    "group": _("Group"),
    "group_vote": _("Group vote"),
    "independent_implementations": _("Independent implementations"),
    "kind": _("Kind"),
    "late": _("Late"),
    "motion": _("Motion"),
    "open_standard": _("Open standard"),
    "organisation": _("Organisation"),
    "organisation_id": _("Organisation identifier"),
    "outcome": _("Outcome"),
    "outcome_words": _("Outcome in words"),
    "period_end": _("Period end"),
    "period_start": _("Period start"),
    "quorum_needed": _("Quorum needed"),
    "reason": _("Reason"),
    "reasons": _("Reasons"),
    "recommendation": _("Recommendation"),
    "recused": _("Recused"),
    "reviewed_on": _("Reviewed on"),
    "rules": _("Rules"),
    "rules_version": _("Rules version"),
    "schedule_version": _("Schedule version"),
    "seats": _("Seats"),
    "since": _("Since"),
    "status": _("Status"),
    "summary": _("Summary"),
    "text": _("Text"),
    "tier": _("Tier"),
    "title": _("Title"),
    "type": _("Type of organisation"),
    "verdict": _("Verdict"),
    "version": _("Version"),
    "votes": _("Votes"),
    "votes_against": _("Votes against"),
    "votes_for": _("Votes for"),
    "withdrawal_reason": _("Withdrawal reason"),
}


def fact_label(key: str) -> str:
    return str(FACT_LABELS[key]) if key in FACT_LABELS else humanise(key)


# The words for the kinds of entry the log holds (the log's filter): the kind stays as
# signed; a kind not listed is shown in words (``humanise``).
ENTRY_KIND_LABELS = {
    "application.declined": _("Application declined"),
    "board.answer": _("Board's answer"),
    "board.motion": _("Board motion"),
    "board.neutrality_review": _("Neutrality review"),
    "board.recommendation_answer": _("Board's answer"),
    "funding.totals": _("Funding totals"),
    "governance.rules": _("Governance rules"),
    "group.created": _("Group created"),
    "group.recommendation": _("Group recommendation"),
    "issuer_key.rotated": _("Issuer key rotated"),
    "partner.active": _("Partnership reinstated"),
    "partner.admitted": _("Partner admitted"),
    "partner.renewed": _("Partnership renewed"),
    "partner.suspended": _("Partnership suspended"),
    "partner.terminated": _("Partnership terminated"),
    "partner.withdrawn": _("Partner withdrew"),
    "tier_schedule.adopted": _("Tier schedule adopted"),
}


def entry_kind_label(kind: str) -> str:
    return str(ENTRY_KIND_LABELS[kind]) if kind in ENTRY_KIND_LABELS else humanise(kind)


_SUMMARY_KEYS = ("title", "organisation", "summary", "name", "subject", "verdict", "outcome")


def section_of(kind: str) -> str:
    best, best_len = "other", -1
    for key, _title, prefixes in SECTIONS:
        for prefix in prefixes:
            if kind.startswith(prefix) and len(prefix) > best_len:
                best, best_len = key, len(prefix)
    return best


_CODE = re.compile(r"\A[a-z][a-z0-9]*(?:_[a-z0-9]+)+\Z")
# Fact keys whose value is an ISO 3166 country code (organisations.public).
_COUNTRY_KEYS = frozenset({"country"})
_COUNTRY_CODE = re.compile(r"\A[A-Z]{2}\Z")


def _country(key: str, value: Any) -> str | None:
    """The country's name in the reader's language for a country fact, else None."""
    if key in _COUNTRY_KEYS and isinstance(value, str) and _COUNTRY_CODE.match(value):
        return country_name(value)
    return None


_ISO_DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")


def _day(value: str) -> date | None:
    """The date a fact states as ISO 8601 (``2026-06-27``), or None."""
    if not _ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def readable(value: Any, key: str = "") -> str:
    """A fact's value in words for a reader, in the active language: yes/no, a coded
    value in the words its publisher registered for ``key`` (the fact's key; for an
    object, the codes of its values), an ISO date as the locale writes it, lists joined,
    objects as "key: value", other codes and keys in words. Names (an object's keys that
    are not codes, e.g. the voters) stay as written. The signed JSON itself is shown, as
    code, on the entry page."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, str):
        words = fact_value_words(key, value)
        if words is not None:
            return words
        if (country := _country(key, value)) is not None:
            return country
        if (day := _day(value)) is not None:
            return date_shown(day, "DATE_FORMAT")
        return humanise(value).lower() if _CODE.match(value) else value
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return ", ".join(readable(item, key) for item in value) or none_for(key)
    if isinstance(value, dict):
        return "; ".join(
            f"{humanise(str(name)) if _CODE.match(str(name)) else str(name)}: {readable(item, key)}"
            for name, item in value.items()
        ) or none_for(key)
    return json.dumps(value, ensure_ascii=False)


# "none" for an empty list, by the fact's key, each with its context so that each
# language agrees it with what is missing (French "Récusé : aucun", people; "aucune"
# is for a feminine noun).
NONE_BY_KEY = {
    "recused": pgettext_lazy("nobody recused", "none"),
    "votes": pgettext_lazy("no votes", "none"),
}


def none_for(key: str) -> str:
    """The word for an empty list or object under a fact's ``key``, agreeing with it."""
    return str(NONE_BY_KEY[key]) if key in NONE_BY_KEY else gettext("none")


def _short(value: Any, limit: int = 160, key: str = "") -> str:
    text = readable(value, key)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _signed_beside(key: str, value: Any) -> str:
    """The value as signed, to show beside its words when they differ from it: a coded
    value, a country code, an ISO date, or a boolean (JSON ``true``/``false``). Not when
    the words are the code itself (English "Passed" for ``passed``): it would read twice."""
    if isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, str) and (_day(value) is not None or _country(key, value)):
        signed = value
    else:
        signed = value if fact_value_words(key, value) is not None else ""
    return "" if signed and _same_words(readable(value, key), signed) else signed


def _same_words(words: str, code: str) -> bool:
    """Whether a code's words say nothing more than the code (case, ``_`` and ``-`` aside),
    so the page shows it once."""

    def plain(text: str) -> str:
        return " ".join(text.replace("_", " ").replace("-", " ").casefold().split())

    return plain(str(words)) == plain(code)


@dataclass
class EntryView:
    """One log entry, ready for a template (no knowledge of the model that published it)."""

    index: int
    kind: str
    subject: str
    time: str  # the signed time, to the second, as text ("2026-12-04 18:50:12")
    summary: str
    # (label, value in words, the value as signed when the words translate a code).
    fields: list[tuple[str, str, str]] = field(default_factory=list)
    corrects: int | None = None
    # The kind in the reader's words (the kind itself stays as signed, shown beside it).
    kind_words: str = ""
    # Set when the row fails its integrity check: then nothing of it is shown as a fact.
    problem: str = ""
    # The time as signed (ISO 8601 UTC) and as a moment, for the locale to write it.
    time_signed: str = ""
    moment: datetime | None = None


def entry_view(
    entry: LogEntry, *, max_fields: int | None = None, limit: int = 160, problem: str | None = None
) -> EntryView:
    """A template-ready view, decoded from the signed leaf bytes and checked against them
    (``problem`` if the caller already checked a batch). ``max_fields``/``limit`` keep
    list pages short and fast."""
    if problem is None:
        problem = integrity.problem(entry)
    if problem:
        return EntryView(
            index=entry.index,
            kind=entry.kind,
            subject=entry.subject,
            time="",
            summary=str(integrity.FAILURE_SUMMARY),
            problem=problem,
        )
    document = entry.document
    fact = entry.body
    summary = next((readable(fact[k], k) for k in _SUMMARY_KEYS if fact.get(k)), entry.subject)
    shown = [(k, v) for k, v in fact.items() if v not in ("", None)][:max_fields]
    return EntryView(
        index=entry.index,
        kind=entry.kind,
        subject=entry.subject,
        time=str(document.get("time", ""))[:19].replace("T", " "),
        summary=_short(summary, 120),
        fields=[(fact_label(k), _short(v, limit, k), _signed_beside(k, v)) for k, v in shown],
        corrects=entry.corrects,
        kind_words=entry_kind_label(entry.kind),
        time_signed=str(document.get("time", "")),
        moment=_moment(document.get("time")),
    )


def _moment(value: Any) -> datetime | None:
    """The signed ISO 8601 time (``2026-12-04T18:50:12Z``) as an aware moment, or None."""
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def head() -> LogHead:
    """The head row, or an empty head (not stored: only appends write it) before the
    first append."""
    return LogHead.objects.filter(id=1).first() or LogHead(id=1)


def latest_checkpoint() -> Checkpoint | None:
    """The newest signed checkpoint, if any (a read: it never signs one).

    Every append stores a checkpoint in its own transaction, so the newest one covers
    the whole log; ``services.current_checkpoint`` signs one when there is none yet or
    it lags the head."""
    return Checkpoint.objects.order_by("-id").first()


def known_verifier_keys() -> list[str]:
    """Every verifier key that has signed a checkpoint, newest first."""
    rows = Checkpoint.objects.values("verifier_key").annotate(last=Max("id")).order_by("-last")
    return [row["verifier_key"] for row in rows]


def leaves(start: int, end: int) -> list[bytes]:
    rows = LogEntry.objects.filter(index__gte=start, index__lt=end).order_by("index")
    return [bytes(leaf) for leaf in rows.values_list("leaf", flat=True)]


def entries_by_section(limit: int = 12) -> dict[str, list[EntryView]]:
    """The newest ``limit`` entries of each register section, in one query.

    Takes the newest ``limit`` of every kind (a window function), then keeps the
    newest ``limit`` per section; a section's kinds come from ``section_of``.
    """
    newest = LogEntry.objects.annotate(
        rank=Window(RowNumber(), partition_by=[F("kind")], order_by=F("index").desc())
    ).filter(rank__lte=limit)
    picked: dict[str, list[LogEntry]] = {key: [] for key, _t, _p in SECTIONS}
    for entry in sorted(newest, key=lambda e: -e.index):
        rows = picked[section_of(entry.kind)]
        if len(rows) < limit:
            rows.append(entry)
    found = integrity.problems(e for rows in picked.values() for e in rows)
    return {
        key: [entry_view(e, max_fields=6, limit=80, problem=found.get(e.index, "")) for e in rows]
        for key, rows in picked.items()
    }


def entry_views(entries: Sequence[LogEntry], **options: Any) -> list[EntryView]:
    """Views of a page of entries, checked in one batch."""
    found = integrity.problems(entries)
    return [entry_view(e, problem=found.get(e.index, ""), **options) for e in entries]


def latest_entry_of_kind(kind: str) -> LogEntry | None:
    return LogEntry.objects.filter(kind=kind).order_by("-index").first()


def latest_index_by_subject(subjects: Iterable[str], kind_prefix: str = "") -> dict[str, int]:
    """The newest log index per subject, in one query."""
    rows = LogEntry.objects.filter(subject__in=list(subjects))
    if kind_prefix:
        rows = rows.filter(kind__startswith=kind_prefix)
    return {
        row["subject"]: row["last"]
        for row in rows.values("subject").annotate(last=Max("index")).order_by()
    }


def search_entries(*, kind: str = "", query: str = "") -> QuerySet[LogEntry]:
    rows = LogEntry.objects.order_by("-index")
    if kind:
        rows = rows.filter(kind=kind)
    if query:
        rows = rows.annotate(text=Cast("fact", TextField())).filter(
            Q(subject__icontains=query) | Q(text__icontains=query)
        )
    return rows


def kinds() -> list[str]:
    return list(LogEntry.objects.values_list("kind", flat=True).distinct().order_by("kind"))


def kind_choices() -> list[tuple[str, str]]:
    """The kinds the log holds, each with its words in the active language, in the
    order of those words."""
    return sorted(((k, entry_kind_label(k)) for k in kinds()), key=lambda pair: pair[1])


def corrected_by(index: int) -> list[int]:
    return list(LogEntry.objects.filter(corrects=index).values_list("index", flat=True))


@dataclass
class InclusionCheck:
    """An entry's inclusion proof against a signed checkpoint, verified on the server."""

    entry: LogEntry
    checkpoint: Checkpoint
    leaf_hash: bytes
    proof: Sequence[bytes]
    verified: bool
    problem: str = ""


def inclusion_check(
    entry: LogEntry, checkpoint: Checkpoint, keys: Sequence[str], problem: str | None = None
) -> InclusionCheck:
    """The entry's row checked against its leaf, and the leaf proved into the signed tree."""
    leaf = bytes(entry.leaf)
    digest = leaf_hash(leaf)
    proof = inclusion(entry.index, checkpoint.size) if entry.index < checkpoint.size else []
    problem = integrity.problem(entry) if problem is None else problem
    if problem:
        return InclusionCheck(entry, checkpoint, digest, proof, False, problem)
    try:
        signed = verify_checkpoint(checkpoint.note, keys)
        if entry.index >= signed.size:
            raise ProofError("the entry is newer than this checkpoint")
        verify_inclusion(entry.index, signed.size, digest, proof, signed.root_hash)
    except (ProofError, NoteError, CheckpointError, ValueError) as exc:
        return InclusionCheck(entry, checkpoint, digest, proof, False, str(exc))
    return InclusionCheck(entry, checkpoint, digest, proof, True)
