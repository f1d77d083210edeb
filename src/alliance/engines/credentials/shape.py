"""VC Data Model 2.0 shape rules for credentials and presentations (no proof checking).

``check_shape`` returns every violation found, each with the JSON path it concerns and
a sentence saying what the specification requires. Besides the structural rules of
§4 (contexts, identifiers, types, issuer, subject, validity period, status, schemas,
evidence, terms of use, refresh, proofs, presentations, enveloped credentials) the
document is expanded with pyld against the pinned contexts: an expansion error (for
example a redefined protected term or an invalid value object) or a type that does
not expand to an absolute URL (a term no context defines) is a violation too.

Decisions where the test-suite inputs leave room (see docs/credentials.md):

- A document without ``@context`` is rejected, never repaired by injecting the base
  context: what is checked is what would be signed.
- ``issuer`` may be absent, or an object without ``id``, in a document submitted for
  *checking*, because such a document is what an issuer receives and completes
  (the suite's ``credential-ok`` has no issuer). ``require_issuer=True`` (used by the
  verifier) makes both a violation. A present issuer must always be a URL or an
  object whose ``id`` is a URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pyld import jsonld

from alliance.engines.credentials.loader import CREDENTIALS_V2, document_loader

URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*$")
# xsd:dateTimeStamp: a dateTime with a mandatory timezone (VC DM 2.0 §4.9).
DATETIME_STAMP_RE = re.compile(
    r"^-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|(24:00:00(\.0+)?))"
    r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$"
)
LANGUAGE_TAG_RE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
VALUE_OBJECT_KEYS = {"@value", "@language", "@direction"}

VC_TYPE = "VerifiableCredential"
VP_TYPE = "VerifiablePresentation"
ENVELOPED_VC = "EnvelopedVerifiableCredential"
ENVELOPED_VP = "EnvelopedVerifiablePresentation"

# Optional credential properties whose values are objects that MUST carry a type.
TYPED_OBJECT_PROPERTIES = ("credentialStatus", "evidence", "termsOfUse", "refreshService")


@dataclass(frozen=True)
class Violation:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class ShapeReport:
    """Violations make the document invalid; notes are remarks that do not."""

    violations: list[Violation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations

    def add(self, path: str, message: str) -> None:
        self.violations.append(Violation(path, message))


def is_url(value: Any) -> bool:
    return isinstance(value, str) and bool(URL_RE.match(value))


def parse_datetime_stamp(value: Any) -> datetime | None:
    """The moment an xsd:dateTimeStamp names, or None when it is not one."""
    if not isinstance(value, str) or not DATETIME_STAMP_RE.match(value):
        return None
    text = value.replace("Z", "+00:00")
    # Python keeps microseconds only; extra fractional digits do not change the order.
    text = re.sub(r"(\.\d{6})\d+", r"\1", text)
    if "T24:00:00" in text:
        return None  # legal but rare; not used by Alliance, treated as unparseable
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def types_of(document: Mapping[str, Any]) -> list[Any]:
    value = document.get("type")
    return [] if value is None else as_list(value)


def check_shape(document: Any, *, require_issuer: bool = False) -> ShapeReport:
    """Every VC Data Model 2.0 violation in a credential or presentation."""
    report = ShapeReport()
    if not isinstance(document, dict):
        report.add("$", "a credential or presentation must be a JSON object")
        return report
    _check_document(document, "$", report, require_issuer=require_issuer)
    _check_expansion(document, report)
    return report


def _check_document(
    document: Mapping[str, Any], path: str, report: ShapeReport, *, require_issuer: bool
) -> None:
    _check_context(document, path, report)
    types = types_of(document)
    if ENVELOPED_VC in types or ENVELOPED_VP in types:
        _check_enveloped(document, path, report)
        return
    is_presentation = VP_TYPE in types or (
        VC_TYPE not in types and ("verifiableCredential" in document or "holder" in document)
    )
    _check_type(document, path, report, VP_TYPE if is_presentation else VC_TYPE)
    _check_id(document.get("id"), f"{path}.id", report, present="id" in document)
    _check_language_values(document, path, report)
    _check_proofs(document, path, report)
    if is_presentation:
        _check_presentation(document, path, report, require_issuer=require_issuer)
    else:
        _check_credential(document, path, report, require_issuer=require_issuer)


def _check_context(document: Mapping[str, Any], path: str, report: ShapeReport) -> None:
    if "@context" not in document:
        report.add(
            f"{path}.@context",
            f"@context is missing; it must be present with {CREDENTIALS_V2} first "
            "(Alliance rejects such documents rather than injecting the context)",
        )
        return
    contexts = as_list(document["@context"])
    if not contexts or contexts[0] != CREDENTIALS_V2:
        report.add(f"{path}.@context", f"the first @context item must be {CREDENTIALS_V2}")
    for i, item in enumerate(contexts[1:], start=1):
        if isinstance(item, str):
            if not is_url(item):
                report.add(f"{path}.@context[{i}]", f"context {item!r} is not a URL")
        elif not isinstance(item, dict):
            report.add(
                f"{path}.@context[{i}]",
                f"each @context item must be a URL or a context object, not {type(item).__name__}",
            )


def _check_type(document: Mapping[str, Any], path: str, report: ShapeReport, required: str) -> None:
    if "type" not in document:
        report.add(f"{path}.type", f"type is missing; it must include {required}")
        return
    types = types_of(document)
    if not types or not all(isinstance(t, str) and t for t in types):
        report.add(f"{path}.type", "type must be a string or a list of strings")
    if required not in types:
        report.add(f"{path}.type", f"type must include {required}")


def _check_id(value: Any, path: str, report: ShapeReport, *, present: bool) -> None:
    if not present:
        return
    if isinstance(value, list):
        report.add(path, "id must be a single URL, not a list")
    elif not is_url(value):
        report.add(path, f"id must be a URL, got {value!r}")


def _check_language_values(document: Mapping[str, Any], path: str, report: ShapeReport) -> None:
    for key in ("name", "description"):
        if key not in document:
            continue
        for i, value in enumerate(as_list(document[key])):
            where = f"{path}.{key}" + (f"[{i}]" if isinstance(document[key], list) else "")
            if isinstance(value, str):
                continue
            if not isinstance(value, dict):
                report.add(where, f"{key} must be a string or a language value object")
                continue
            extra = set(value) - VALUE_OBJECT_KEYS
            if extra:
                report.add(
                    where,
                    f"a language value object may only hold @value, @language and "
                    f"@direction; found {', '.join(sorted(extra))}",
                )
            if not isinstance(value.get("@value"), str):
                report.add(where, "a language value object needs a string @value")
            lang = value.get("@language")
            if lang is not None and not (isinstance(lang, str) and LANGUAGE_TAG_RE.match(lang)):
                report.add(where, f"@language {lang!r} is not a well-formed language tag")
            direction = value.get("@direction")
            if direction is not None and direction not in ("ltr", "rtl"):
                report.add(where, "@direction must be 'ltr' or 'rtl'")


def _check_typed_objects(
    value: Any, path: str, report: ShapeReport, label: str, *, id_required: bool = False
) -> None:
    items = as_list(value)
    if not items:
        report.add(path, f"{label} must not be empty")
    for i, item in enumerate(items):
        where = f"{path}[{i}]" if isinstance(value, list) else path
        if not isinstance(item, dict):
            report.add(where, f"each {label} must be an object")
            continue
        if "type" not in item:
            report.add(where, f"each {label} must have a type")
        else:
            types = as_list(item["type"])
            if not types or not all(isinstance(t, str) and t for t in types):
                report.add(f"{where}.type", f"the type of a {label} must be a string (a URL)")
        if id_required and "id" not in item:
            report.add(where, f"each {label} must have an id")
        _check_id(item.get("id"), f"{where}.id", report, present="id" in item)


def _check_proofs(document: Mapping[str, Any], path: str, report: ShapeReport) -> None:
    if "proof" in document:
        _check_typed_objects(document["proof"], f"{path}.proof", report, "proof")


def _check_credential(
    document: Mapping[str, Any], path: str, report: ShapeReport, *, require_issuer: bool
) -> None:
    _check_issuer(document, path, report, require_issuer=require_issuer)
    _check_subject(document, path, report)
    _check_validity(document, path, report)
    for key in TYPED_OBJECT_PROPERTIES:
        if key in document:
            _check_typed_objects(document[key], f"{path}.{key}", report, key)
    if "credentialSchema" in document:
        _check_typed_objects(
            document["credentialSchema"],
            f"{path}.credentialSchema",
            report,
            "credentialSchema",
            id_required=True,
        )


def _check_issuer(
    document: Mapping[str, Any], path: str, report: ShapeReport, *, require_issuer: bool
) -> None:
    where = f"{path}.issuer"
    if "issuer" not in document:
        if require_issuer:
            report.add(where, "issuer is missing; it must be a URL or an object with an id URL")
        else:
            report.notes.append(f"{where}: no issuer yet (the issuer adds it when securing)")
        return
    issuer = document["issuer"]
    if isinstance(issuer, str):
        if not is_url(issuer):
            report.add(where, f"issuer must be a URL, got {issuer!r}")
    elif isinstance(issuer, dict):
        if "id" in issuer:
            _check_id(issuer["id"], f"{where}.id", report, present=True)
        elif require_issuer:
            report.add(where, "an issuer object must have an id that is a URL")
        else:
            report.notes.append(f"{where}: issuer object has no id yet (added when securing)")
        _check_language_values(issuer, where, report)
    else:
        report.add(where, "issuer must be a URL or an object with an id URL")


def _check_subject(document: Mapping[str, Any], path: str, report: ShapeReport) -> None:
    where = f"{path}.credentialSubject"
    if "credentialSubject" not in document:
        report.add(where, "credentialSubject is missing")
        return
    value = document["credentialSubject"]
    subjects = as_list(value)
    if not subjects:
        report.add(where, "credentialSubject must hold at least one subject")
    for i, subject in enumerate(subjects):
        item = f"{where}[{i}]" if isinstance(value, list) else where
        if not isinstance(subject, dict):
            report.add(item, "each credentialSubject must be an object")
        elif not subject:
            report.add(item, "a credentialSubject must make at least one claim")
        else:
            _check_id(subject.get("id"), f"{item}.id", report, present="id" in subject)


def _check_validity(document: Mapping[str, Any], path: str, report: ShapeReport) -> None:
    moments: dict[str, datetime] = {}
    for key in ("validFrom", "validUntil"):
        if key not in document:
            continue
        moment = parse_datetime_stamp(document[key])
        if moment is None:
            report.add(
                f"{path}.{key}",
                f"{key} must be an xsd:dateTimeStamp with a timezone, "
                f"e.g. 2025-01-01T00:00:00Z; got {document[key]!r}",
            )
        else:
            moments[key] = moment
    if len(moments) == 2 and moments["validUntil"] < moments["validFrom"]:
        report.add(f"{path}.validUntil", "validUntil must not be earlier than validFrom")


def _check_presentation(
    document: Mapping[str, Any], path: str, report: ShapeReport, *, require_issuer: bool
) -> None:
    if "holder" in document:
        holder = document["holder"]
        where = f"{path}.holder"
        if isinstance(holder, dict):
            if "id" not in holder:
                report.add(where, "a holder object must have an id that is a URL")
            else:
                _check_id(holder["id"], f"{where}.id", report, present=True)
        elif not is_url(holder):
            report.add(where, f"holder must be a URL or an object with an id URL, got {holder!r}")
    if "verifiableCredential" not in document:
        return
    value = document["verifiableCredential"]
    credentials = as_list(value)
    if not credentials:
        report.add(f"{path}.verifiableCredential", "verifiableCredential must not be empty")
    for i, credential in enumerate(credentials):
        where = f"{path}.verifiableCredential" + (f"[{i}]" if isinstance(value, list) else "")
        if not isinstance(credential, dict):
            report.add(
                where,
                "each verifiableCredential must be a credential object or an "
                "EnvelopedVerifiableCredential, not a string, number or URL",
            )
            continue
        _check_document(credential, where, report, require_issuer=require_issuer)
        if "proof" not in credential and ENVELOPED_VC not in types_of(credential):
            report.notes.append(
                f"{where}: no proof of its own, so it is self-asserted if secured only by the "
                "presentation's proof; verification then requires a holder equal to its issuer"
            )


def _check_enveloped(document: Mapping[str, Any], path: str, report: ShapeReport) -> None:
    value = document.get("id")
    if not isinstance(value, str) or not value.startswith("data:") or "," not in value:
        report.add(f"{path}.id", "an enveloped credential's id must be a data: URL")
    types = types_of(document)
    if not all(isinstance(t, str) for t in types):
        report.add(f"{path}.type", "type must be a string or a list of strings")


# pyld fails with a KeyError when ``"@vocab": null`` is re-applied by a type-scoped
# context. Replacing the null with a sentinel vocabulary keeps the meaning we test for:
# any term that would have had no mapping expands to the sentinel and is reported.
UNMAPPED_VOCAB = "urn:alliance:unmapped-term:"


def _with_sentinel_vocab(node: Any) -> Any:
    if isinstance(node, list):
        return [_with_sentinel_vocab(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key == "@context":
            result[key] = _sentinel_context(value)
        else:
            result[key] = _with_sentinel_vocab(value)
    return result


def _sentinel_context(context: Any) -> Any:
    if isinstance(context, list):
        return [_sentinel_context(item) for item in context]
    if isinstance(context, dict):
        return {
            key: (UNMAPPED_VOCAB if key == "@vocab" and value is None else value)
            for key, value in context.items()
        }
    return context


def _check_expansion(document: Mapping[str, Any], report: ShapeReport) -> None:
    """Expand against the pinned contexts; undefined terms and JSON-LD errors are violations."""
    if "@context" not in document:
        return  # already reported; expanding without the base context says nothing more
    dropped: list[str] = []
    try:
        expanded = jsonld.expand(
            _with_sentinel_vocab(document),
            {"documentLoader": document_loader},
            on_property_dropped=dropped.append,
        )
    except jsonld.JsonLdError as exc:
        report.add("$.@context", f"JSON-LD expansion failed: {jsonld_reason(exc)}")
        return
    # A dropped property is only a note: nodes outside the credential's type-scoped
    # context (a proof of an unknown suite, say) legitimately carry terms this context
    # does not define, and the W3C suite accepts such documents (credential-proof-ok).
    for name in dict.fromkeys(dropped):
        report.notes.append(f"property {name!r} is not defined by the contexts and is ignored")
    for iri in dict.fromkeys(_expanded_properties(expanded)):
        if iri.startswith(UNMAPPED_VOCAB):
            name = iri.removeprefix(UNMAPPED_VOCAB)
            report.add("$", f"property {name!r} is not defined by any context")
    for type_iri in dict.fromkeys(_expanded_types(expanded)):
        name = type_iri.removeprefix(UNMAPPED_VOCAB)
        if type_iri.startswith(UNMAPPED_VOCAB) or not is_url(type_iri):
            report.add("$.type", f"type {name!r} is not defined by any context (not a URL)")


def _expanded_properties(node: Any) -> Iterator[str]:
    if isinstance(node, list):
        for item in node:
            yield from _expanded_properties(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if not key.startswith("@"):
                yield key
            if key != "@value":
                yield from _expanded_properties(value)


def _expanded_types(node: Any) -> Iterator[str]:
    if isinstance(node, list):
        for item in node:
            yield from _expanded_types(item)
    elif isinstance(node, dict):
        if "@value" in node:
            return
        for key, value in node.items():
            if key == "@type":
                yield from (t for t in as_list(value) if isinstance(t, str))
            else:
                yield from _expanded_types(value)


def jsonld_reason(exc: BaseException) -> str:
    """The most specific message in a pyld error chain (pyld wraps errors several times)."""
    messages = []
    current: BaseException | None = exc
    while current is not None:
        code = getattr(current, "code", None)
        raw = getattr(current, "message", "") or current
        if isinstance(raw, tuple) and raw:
            raw = raw[0]
        message = str(raw).split("\n")[0]
        messages.append(f"{message} ({code})" if code else message)
        current = getattr(current, "cause", None) or current.__cause__
    return messages[-1] if messages else str(exc)
