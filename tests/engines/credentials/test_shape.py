"""VC Data Model 2.0 shape rules against the W3C test-suite inputs and single rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from alliance.engines.credentials.shape import check_shape, parse_datetime_stamp
from alliance.engines.credentials.verify import StaticResolver, verify_presentation


def _suite_inputs(real_data: Path) -> list[Path]:
    files = sorted((real_data / "vc" / "vc-data-model-2.0-test-suite-input").glob("*.json"))
    assert files, "the W3C test-suite inputs are missing"
    return files


def test_every_ok_input_passes_and_every_fail_input_fails_with_a_reason(real_data: Path) -> None:
    wrong = []
    for path in _suite_inputs(real_data):
        report = check_shape(json.loads(path.read_text(encoding="utf-8")))
        if path.stem.endswith("-ok") and not report.ok:
            wrong.append(f"{path.name} rejected: {[str(v) for v in report.violations]}")
        # -fail-or-inject: Alliance rejects (it never injects the base context).
        if "-fail" in path.stem:
            if report.ok:
                wrong.append(f"{path.name} accepted")
            elif not all(v.message for v in report.violations):
                wrong.append(f"{path.name} rejected without a reason")
    assert wrong == []


def test_missing_context_is_rejected_not_injected(real_data: Path) -> None:
    folder = real_data / "vc" / "vc-data-model-2.0-test-suite-input"
    for name in ("credential-no-context-fail-or-inject", "presentation-no-context-fail-or-inject"):
        report = check_shape(json.loads((folder / f"{name}.json").read_text()))
        assert [v.path for v in report.violations] == ["$.@context"]
        assert "rather than injecting" in report.violations[0].message


def test_self_asserted_presentations_pass_shape_but_fail_verification(real_data: Path) -> None:
    folder = real_data / "vc" / "vc-data-model-2.0-test-suite-input"
    for name, reason in (
        ("presentation-self-asserted-vc-issuer-mismatch", "is not the holder"),
        ("presentation-self-asserted-vc-no-holder", "needs a presentation holder"),
    ):
        document = json.loads((folder / f"{name}.json").read_text())
        report = check_shape(document)
        assert report.ok and any("self-asserted" in note for note in report.notes)
        result = verify_presentation(document, StaticResolver())
        assert not result.verified
        holder_checks = [c for r in result.credentials for c in r.checks if c.name == "holder"]
        assert holder_checks and not holder_checks[0].passed
        assert reason in holder_checks[0].message


BASE: dict[str, Any] = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "type": ["VerifiableCredential"],
    "issuer": "did:example:issuer",
    "credentialSubject": {"id": "did:example:subject"},
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"validFrom": "2024-01-01T00:00:00"}, "timezone"),
        ({"validFrom": "2024-02-01T00:00:00Z", "validUntil": "2024-01-01T00:00:00Z"}, "earlier"),
        ({"issuer": "not a url"}, "issuer must be a URL"),
        ({"credentialSchema": {"type": "JsonSchema"}}, "must have an id"),
        ({"credentialSubject": []}, "at least one subject"),
        ({"credentialSubject": "did:example:subject"}, "must be an object"),
        ({"type": "ExampleCredential"}, "must include VerifiableCredential"),
        ({"@context": ["https://example.org/unpinned/v1"]}, "first @context item"),
        ({"name": {"@value": "x", "@direction": "up"}}, "@direction"),
        ({"proof": [{"proofValue": "z1"}]}, "must have a type"),
    ],
)
def test_single_rule_violations(change: dict[str, Any], expected: str) -> None:
    report = check_shape({**BASE, **change}, require_issuer=True)
    assert any(expected in v.message for v in report.violations), report.violations


def test_unpinned_context_is_a_clear_violation_and_nothing_is_fetched() -> None:
    document = {**BASE, "@context": [*BASE["@context"], "https://example.org/ctx/v1"]}
    report = check_shape(document)
    assert any("not pinned locally" in v.message for v in report.violations)


def test_issuer_is_required_when_verifying() -> None:
    document = {k: v for k, v in BASE.items() if k != "issuer"}
    assert check_shape(document).ok
    strict = check_shape(document, require_issuer=True)
    assert any("issuer is missing" in v.message for v in strict.violations)


def test_datetime_stamp_parsing() -> None:
    assert parse_datetime_stamp("2023-02-25T19:10:39-06:00") is not None
    assert parse_datetime_stamp("4023-02-26T01:02:58.447Z") is not None
    assert parse_datetime_stamp("2023-02-25 19:10:39Z") is None
    assert parse_datetime_stamp("2023-02-25T19:10:39") is None
