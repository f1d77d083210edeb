"""The public register's sections, read from the signed log (issue 16, item 4).

Partners, Board decisions, rules, recommendations with the Board's answers and the
funding totals are decoded from each entry's leaf bytes (``LogEntry.body``), the bytes
the tree hashes and the checkpoints sign, and every batch is checked against them
(``transparency.integrity``): what the register shows is what was signed (issue 14). An
entry that fails its check is shown as a failure, never as a fact.

Reads only. Filters run on the decoded facts (never on the searchable ``fact`` copy,
which is not what was signed); every section costs a fixed number of queries.

The columns of every open-data file are declared once, in :data:`DATASETS`; the CSV and
JSON files and the data dictionary page are all made from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone, translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from alliance.core.forms import country_name
from alliance.core.labels import humanise
from alliance.funding.selectors import schedule_version_in_force, tier_label
from alliance.governance.models import MotionKind, MotionOutcome
from alliance.groups.models import BoardAnswer
from alliance.organisations.choices import OrganisationType, PartnershipStatus
from alliance.transparency import integrity
from alliance.transparency.models import LogEntry

PARTNER_PREFIX = "partner."
DECISION_PREFIX = "board."
ANSWER_KIND = "board.recommendation_answer"
NOT_DECISIONS = (ANSWER_KIND, "board.answer")
RULE_KINDS = ("governance.rules", "tier_schedule.adopted")
RECOMMENDATION_KIND = "group.recommendation"
FUNDING_KIND = "funding.totals"

NEUTRALITY_REVIEW = "neutrality_review"
RULE_KIND_LABELS: dict[str, Promise] = {
    "governance.rules": _("Board rules"),
    "tier_schedule.adopted": _("Tier schedule"),
}
VERDICT_LABELS: dict[str, Promise] = {
    "neutral": _("Neutral"),
    "not_neutral": _("Favours a single party"),
}


def _words(code: Any, labels: dict[str, Any]) -> str:
    if code in (None, ""):
        return ""
    return str(labels.get(str(code), humanise(str(code))))


def _type_label(code: Any) -> str:
    return _words(code, dict(OrganisationType.choices))


def _status_label(code: Any) -> str:
    return _words(code, dict(PartnershipStatus.choices))


def _motion_kind_label(code: Any) -> str:
    if code == NEUTRALITY_REVIEW:
        return str(_("Neutrality review"))
    return _words(code, dict(MotionKind.choices))


def _outcome_label(code: Any) -> str:
    return _words(code, {**dict(MotionOutcome.choices), **VERDICT_LABELS})


def _answer_label(code: Any) -> str:
    return _words(code, dict(BoardAnswer.choices))


@dataclass
class Item:
    """One register row: its log entry, and the fields the register shows (decoded from
    the signed leaf). ``problem`` is set when the entry fails its integrity check; then
    ``data`` is empty and nothing of the row is shown as a fact."""

    index: int
    kind: str
    time: str
    data: dict[str, Any] = field(default_factory=dict)
    problem: str = ""

    def get(self, key: str) -> Any:
        """A shown field ("" when absent). Not ``__getitem__``: templates would read
        ``item.index`` through it."""
        return self.data.get(key, "")


def _checked(entries: Sequence[LogEntry]) -> list[tuple[LogEntry, str]]:
    found = integrity.problems(entries)
    return [(e, found.get(e.index, "")) for e in entries]


def _time(entry: LogEntry) -> str:
    return str(entry.document.get("time", ""))[:19].replace("T", " ")


def _item(entry: LogEntry, problem: str, build: Callable[[LogEntry], dict[str, Any]]) -> Item:
    if problem:
        return Item(index=entry.index, kind=entry.kind, time="", problem=problem)
    return Item(index=entry.index, kind=entry.kind, time=_time(entry), data=build(entry))


# --- Partners: the newest partner.* entry of each organisation --------------------------


def _partner(entry: LogEntry) -> dict[str, Any]:
    fact = entry.body
    return {
        "organisation_id": str(fact.get("organisation_id", "")),
        "name": str(fact.get("organisation", "")),
        "type": str(fact.get("type", "")),
        "type_label": _type_label(fact.get("type")),
        "country": str(fact.get("country", "")),
        "country_name": country_name(str(fact.get("country", ""))),
        "tier": str(fact.get("tier") or ""),
        "status": str(fact.get("status", "")),
        "status_label": _status_label(fact.get("status")),
        "founding_partner": bool(fact.get("founding_partner")),
        "since": str(fact.get("since", "")),
        "commercial_stance": str(fact.get("commercial_stance", "")),
        "board_decision": fact.get("board_decision"),
    }


def partners() -> list[Item]:
    """Every organisation that has been a partner, as its newest partner entry says, by
    name: one query for the entries, one for their leaf hashes."""
    newest = (
        LogEntry.objects.filter(kind__startswith=PARTNER_PREFIX)
        .annotate(rank=Window(RowNumber(), partition_by=[F("subject")], order_by=F("index").desc()))
        .filter(rank=1)
    )
    items = [_item(e, p, _partner) for e, p in _checked(list(newest))]
    return sorted(items, key=lambda i: (i.get("name").casefold(), i.index))


# --- Board decisions ----------------------------------------------------------------------


def _decision(entry: LogEntry) -> dict[str, Any]:
    fact = entry.body
    if entry.kind == "board.neutrality_review":
        decided = str(fact.get("reviewed_on", ""))
        return {
            "motion": fact.get("motion"),
            "title": str(fact.get("endorsement_subject", "")),
            "kind": NEUTRALITY_REVIEW,
            "kind_label": _motion_kind_label(NEUTRALITY_REVIEW),
            "outcome": str(fact.get("verdict", "")),
            "outcome_label": _outcome_label(fact.get("verdict")),
            "decided_on": decided,
            "year": decided[:4],
            "votes_for": None,
            "votes_against": None,
            "abstentions": None,
            "summary": str(fact.get("conclusion", "")),
        }
    # board.motion, or any other Board decision a later kind records (same field names).
    decided = str(fact.get("closed_on") or fact.get("decided_on") or _time(entry)[:10])
    reason = str(fact.get("failed_because", "") or fact.get("summary", ""))
    return {
        "motion": fact.get("motion"),
        "title": str(fact.get("title", "")),
        "kind": str(fact.get("kind") or entry.kind.partition(".")[2]),
        "kind_label": _motion_kind_label(fact.get("kind")),
        "outcome": str(fact.get("outcome", "")),
        # The outcome's label in the reader's language; the signed words only for a code
        # this version does not know.
        "outcome_label": _outcome_label(fact.get("outcome"))
        if fact.get("outcome") in MotionOutcome.values
        else str(fact.get("outcome_words") or _outcome_label(fact.get("outcome"))),
        "decided_on": decided,
        "year": decided[:4],
        "votes_for": fact.get("votes_for"),
        "votes_against": fact.get("votes_against"),
        "abstentions": fact.get("abstentions"),
        "summary": reason,
    }


def decisions() -> list[Item]:
    """The Board's closed motions and neutrality reviews (every ``board.*`` kind but its
    answers to recommendations), newest first."""
    rows = (
        LogEntry.objects.filter(kind__startswith=DECISION_PREFIX)
        .exclude(kind__in=NOT_DECISIONS)
        .order_by("-index")
    )
    return [_item(e, p, _decision) for e, p in _checked(list(rows))]


# --- Rules and the tier schedule -------------------------------------------------------


def _rule(entry: LogEntry) -> dict[str, Any]:
    fact = entry.body
    if entry.kind == "tier_schedule.adopted":
        return {
            "kind": entry.kind,
            "kind_label": str(RULE_KIND_LABELS[entry.kind]),
            "version": fact.get("number"),
            "in_force_from": str(fact.get("effective_from", "")),
            "decision": str(fact.get("decision", "")),
            "summary": str(
                _("Partnership period {years} years; individual amounts {shown}.").format(
                    years=fact.get("partnership_period_years", "—"),
                    shown=_("published")
                    if fact.get("publish_individual_amounts")
                    else _("not published"),
                )
            ),
        }
    rules = fact.get("rules") if isinstance(fact.get("rules"), dict) else {}
    assert isinstance(rules, dict)
    seats = fact.get("seats") if isinstance(fact.get("seats"), list) else []
    assert isinstance(seats, list)
    motion = fact.get("motion")
    return {
        "kind": entry.kind,
        "kind_label": str(RULE_KIND_LABELS.get(entry.kind, humanise(entry.kind))),
        "version": int(entry.subject.partition(":")[2] or 0) or None,
        "in_force_from": str(fact.get("adopted_on", "")),
        "decision": str(_("Board motion {motion}").format(motion=motion)) if motion else "",
        "summary": str(
            _(
                "Board of {size} ({seats} seats filled); quorum {quorum} of members, at least "
                "{minimum}; term {term} years."
            ).format(
                size=rules.get("board_size", "—"),
                seats=len(seats),
                quorum=rules.get("quorum_fraction", "—"),
                minimum=rules.get("quorum_minimum", "—"),
                term=rules.get("term_years", "—"),
            )
        ),
    }


def rules() -> list[Item]:
    """Every version of the Board's rules and of the tier schedule, newest first."""
    rows = LogEntry.objects.filter(kind__in=RULE_KINDS).order_by("-index")
    return [_item(e, p, _rule) for e, p in _checked(list(rows))]


# --- Recommendations, each with the Board's answer -------------------------------------


def _recommendation(entry: LogEntry) -> dict[str, Any]:
    fact = entry.body
    return {
        "recommendation": fact.get("recommendation"),
        "group": str(fact.get("group", "")),
        "title": str(fact.get("title", "")),
        "text": str(fact.get("text", "")),
        "adopted_on": str(fact.get("adopted_on", "")),
        "answer_due": str(fact.get("answer_due", "")),
        "answered": False,
        "answer": "",
        "answer_label": "",
        "answered_on": "",
        "reasons": "",
        "late": False,
        "answer_index": None,
    }


def recommendations(today: date) -> list[Item]:
    """Every recommendation a group sent the Board, newest first, each with the Board's
    answer if it has one (that answer's own log entry too). Unanswered past its due date,
    or answered after it, a recommendation is late."""
    rows = list(
        LogEntry.objects.filter(kind__in=(RECOMMENDATION_KIND, ANSWER_KIND)).order_by("-index")
    )
    checked = _checked(rows)
    answers: dict[Any, tuple[LogEntry, str]] = {}
    for entry, problem in checked:
        if entry.kind == ANSWER_KIND:
            answers.setdefault(entry.subject, (entry, problem))
    items = []
    for entry, problem in checked:
        if entry.kind != RECOMMENDATION_KIND:
            continue
        item = _item(entry, problem, _recommendation)
        answer = answers.get(entry.subject)
        if answer is not None and not item.problem:
            answer_entry, answer_problem = answer
            item.data["answer_index"] = answer_entry.index
            if answer_problem:
                item.problem = answer_problem
                item.data = {}
            else:
                fact = answer_entry.body
                item.data.update(
                    answered=True,
                    answer=str(fact.get("answer", "")),
                    answer_label=_answer_label(fact.get("answer")),
                    answered_on=str(fact.get("answered_on", "")),
                    reasons=str(fact.get("reasons", "")),
                    late=bool(fact.get("late")),
                )
        if item.data and not item.get("answered"):
            due = item.get("answer_due")
            item.data["late"] = bool(due) and due < today.isoformat()
        items.append(item)
    return items


# --- Funding totals ----------------------------------------------------------------------


def _amount(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@dataclass
class Funding:
    """The newest published totals (every figure as signed), and earlier publications."""

    item: Item | None
    currency: str
    by_year: list[dict[str, Any]]
    by_tier: list[dict[str, Any]]
    by_type: list[dict[str, Any]]
    earlier: list[Item]


YEAR_FIGURES = ("budget", "pledged", "received", "in_kind", "gap")
GROUP_FIGURES = ("pledged", "received", "in_kind")


def _figures(mapping: Any, names: Sequence[str], key: str, label: Callable[[str], str]) -> list:
    if not isinstance(mapping, dict):
        return []
    out = []
    for group, values in sorted(mapping.items()):
        values = values if isinstance(values, dict) else {}
        out.append(
            {key: str(group), "label": label(str(group))}
            | {name: _amount(values.get(name)) for name in names}
        )
    return out


def _type_words(group: str) -> str:
    """The totals name each type by its English label (what was signed); the page shows
    that label in the reader's language."""
    with translation.override(None):
        english = {str(words): words for _code, words in OrganisationType.choices}
    return str(english.get(group, group))


def _tier_words() -> Callable[[str], str]:
    """The totals name each tier as the schedule stores it (English, as signed); the
    page shows it in the reader's language, from the schedule in force. Lazy: the open
    data (which keeps the signed name) and the overview never read it, and the page
    looks the schedule up once, when it shows the first tier."""
    version: list[Any] = []

    def words(group: str) -> str:
        if not version:
            version.append(schedule_version_in_force(timezone.localdate()))
        return tier_label(group, version[0])

    shown = lazy(words, str)
    return lambda group: shown(group)  # type: ignore[return-value]


def funding() -> Funding:
    """The newest ``funding.totals`` entry, decoded from its leaf, and the earlier ones."""
    rows = list(LogEntry.objects.filter(kind=FUNDING_KIND).order_by("-index"))
    checked = _checked(rows)
    earlier = [_item(e, p, lambda e: {}) for e, p in checked[1:]]
    if not checked:
        return Funding(None, "USD", [], [], [], earlier)
    entry, problem = checked[0]
    item = _item(entry, problem, lambda e: {})
    if problem:
        return Funding(item, "USD", [], [], [], earlier)
    fact = entry.body
    return Funding(
        item=item,
        currency=str(fact.get("currency", "USD")),
        by_year=_figures(fact.get("by_year"), YEAR_FIGURES, "year", str),
        by_tier=_figures(fact.get("by_tier"), GROUP_FIGURES, "tier", _tier_words()),
        by_type=_figures(fact.get("by_type"), GROUP_FIGURES, "type", _type_words),
        earlier=earlier,
    )


# --- Filters -------------------------------------------------------------------------------


def choices_of(items: Iterable[Item], key: str, label_key: str | None = None) -> list:
    """(value, label) of every value ``key`` takes, sorted by label."""
    seen: dict[str, str] = {}
    for item in items:
        value = item.get(key)
        if value not in ("", None):
            seen[str(value)] = str(item.get(label_key) if label_key else value)
    return sorted(seen.items(), key=lambda row: row[1].casefold())


def matching(items: Iterable[Item], **wanted: str) -> list[Item]:
    """The items whose every named field equals the wanted value ("" matches anything;
    "yes"/"no" match a true or false field). Failed entries match no filter."""
    wanted = {k: v for k, v in wanted.items() if v}
    if not wanted:
        return list(items)
    out = []
    for item in items:
        if item.problem:
            continue
        ok = True
        for key, value in wanted.items():
            have = item.get(key)
            if isinstance(have, bool):
                ok = ok and have == (value == "yes")
            else:
                ok = ok and str(have) == value
        if ok:
            out.append(item)
    return out


def name_contains(items: Iterable[Item], query: str, key: str = "name") -> list[Item]:
    needle = query.strip().casefold()
    if not needle:
        return list(items)
    return [i for i in items if not i.problem and needle in str(i.get(key)).casefold()]


# --- Open data: one declaration of every file's columns ------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: Promise
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dataset:
    key: str
    title: Promise
    description: Promise
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


_LOG = (
    Column("log_index", "integer", _("Index of the log entry this row was read from.")),
    Column(
        "log_entry_url",
        "URL",
        _("The log entry's page: its signed data and an inclusion proof to check."),
    ),
)

DATASETS: dict[str, Dataset] = {
    d.key: d
    for d in (
        Dataset(
            "partners",
            _("Partners"),
            _("Every organisation that has been a partner, as its newest log entry states."),
            (
                Column(
                    "organisation_id",
                    "UUID",
                    _("The organisation's stable identifier, never changed nor reused."),
                ),
                Column("name", "text", _("Legal name.")),
                Column(
                    "type",
                    "code",
                    _("Sector: the type of organisation."),
                    tuple(OrganisationType.values),
                ),
                Column("country", "ISO 3166-1 alpha-2", _("Country of registration.")),
                Column("tier", "text", _("Partnership tier (from the tier schedule).")),
                Column(
                    "status",
                    "code",
                    _("The partnership's status."),
                    tuple(PartnershipStatus.values),
                ),
                Column("founding_partner", "yes/no", _("Whether it is a founding partner.")),
                Column("since", "date (ISO 8601)", _("Partner since.")),
                Column(
                    "commercial_stance",
                    "text",
                    _("The commercial stance on digital identity it disclosed."),
                ),
                *_LOG,
            ),
        ),
        Dataset(
            "decisions",
            _("Board decisions"),
            _("The Board's closed motions and neutrality reviews, newest first."),
            (
                Column("motion", "integer", _("The motion's number.")),
                Column(
                    "decided_on",
                    "date (ISO 8601)",
                    _("When the vote closed or the review was made."),
                ),
                Column(
                    "kind",
                    "code",
                    _("What the motion was about, or a neutrality review."),
                    (*MotionKind.values, NEUTRALITY_REVIEW),
                ),
                Column("title", "text", _("The motion's title, or the reviewed endorsement.")),
                Column(
                    "outcome",
                    "code",
                    _("The motion's outcome, or the review's verdict."),
                    (*MotionOutcome.values, *VERDICT_LABELS),
                ),
                Column("votes_for", "integer", _("Votes for (empty for a review).")),
                Column("votes_against", "integer", _("Votes against (empty for a review).")),
                Column("abstentions", "integer", _("Abstentions (empty for a review).")),
                Column("summary", "text", _("Why a motion failed, or the review's conclusion.")),
                *_LOG,
            ),
        ),
        Dataset(
            "rules",
            _("Rules"),
            _("Every version of the Board's rules and of the tier schedule, newest first."),
            (
                Column(
                    "kind",
                    "code",
                    _("The Board's rules, or the tier schedule."),
                    RULE_KINDS,
                ),
                Column("version", "integer", _("The version's number.")),
                Column("in_force_from", "date (ISO 8601)", _("Adopted on, or in force from.")),
                Column("decision", "text", _("The Board decision that adopted it.")),
                Column("summary", "text", _("Its main provisions in one sentence.")),
                *_LOG,
            ),
        ),
        Dataset(
            "recommendations",
            _("Recommendations"),
            _("Recommendations the groups sent the Board, with the Board's answers."),
            (
                Column("recommendation", "integer", _("The recommendation's number.")),
                Column("group", "text", _("The group that adopted it.")),
                Column("title", "text", _("Its title.")),
                Column("adopted_on", "date (ISO 8601)", _("Adopted by the group on.")),
                Column("answer_due", "date (ISO 8601)", _("The Board's answer is due by.")),
                Column("answered", "yes/no", _("Whether the Board has answered.")),
                Column(
                    "answer",
                    "code",
                    _("The Board's answer; empty until answered."),
                    tuple(BoardAnswer.values),
                ),
                Column("answered_on", "date (ISO 8601)", _("Answered on.")),
                Column("reasons", "text", _("The Board's reasons.")),
                Column(
                    "late",
                    "yes/no",
                    _("Answered after the due date, or still unanswered past it."),
                ),
                Column("answer_log_index", "integer", _("Log entry of the Board's answer.")),
                *_LOG,
            ),
        ),
        Dataset(
            "funding",
            _("Funding totals"),
            _(
                "The newest published funding totals, one row per figure (no single "
                "partner's amount)."
            ),
            (
                Column(
                    "breakdown",
                    "code",
                    _("What the row's group is: a year, a tier or a type of organisation."),
                    ("year", "tier", "type"),
                ),
                Column("group", "text", _("The year, tier or organisation type.")),
                Column(
                    "figure",
                    "code",
                    _(
                        "Which figure: the budget (years only), cash pledged, cash received, "
                        "contributions in kind, or the gap between budget and cash pledged "
                        "(years only)."
                    ),
                    YEAR_FIGURES,
                ),
                Column("amount", "decimal", _("The amount, two decimals.")),
                Column("currency", "ISO 4217", _("The currency of every amount.")),
                *_LOG,
            ),
        ),
    )
}


def _yes_no(value: Any) -> str:
    return "yes" if value else "no"


def open_rows(key: str, today: date) -> tuple[list[dict[str, Any]], list[Item]]:
    """The rows of one open-data file (columns as :data:`DATASETS` says, before the log
    columns are filled in), and the items they came from (one per row). Entries that fail
    their integrity check are left out: open data holds only what was signed."""
    rows: list[dict[str, Any]] = []
    items: list[Item] = []
    if key == "funding":
        totals = funding()
        if totals.item is None or totals.item.problem:
            return [], []
        for breakdown, groups, figures, name in (
            ("year", totals.by_year, YEAR_FIGURES, "year"),
            ("tier", totals.by_tier, GROUP_FIGURES, "tier"),
            ("type", totals.by_type, GROUP_FIGURES, "type"),
        ):
            for group in groups:
                for figure in figures:
                    amount = group[figure]
                    rows.append(
                        {
                            "breakdown": breakdown,
                            "group": group[name],
                            "figure": figure,
                            "amount": f"{amount:.2f}" if amount is not None else "",
                            "currency": totals.currency,
                        }
                    )
                    items.append(totals.item)
        return rows, items
    source = {
        "partners": partners,
        "decisions": decisions,
        "rules": rules,
        "recommendations": lambda: recommendations(today),
    }[key]
    for item in source():
        if item.problem:
            continue
        row = {name: item.get(name) for name in DATASETS[key].names if name in item.data}
        if key == "partners":
            row["founding_partner"] = _yes_no(item.get("founding_partner"))
        if key == "recommendations":
            row["answered"] = _yes_no(item.get("answered"))
            row["late"] = _yes_no(item.get("late"))
            row["answer_log_index"] = item.get("answer_index")
        rows.append(row)
        items.append(item)
    return rows, items
