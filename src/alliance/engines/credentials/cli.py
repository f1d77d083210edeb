"""``alliance credentials check FILE`` and ``alliance credentials verify FILE``.

``check`` applies the VC Data Model 2.0 shape rules only. ``verify`` runs every check
offline: the issuer's DID document and the status list credential are read from files
saved beside the credential (``did.json`` and ``status-list*.json`` by default) or
named with ``--did`` / ``--status-list`` (each may be repeated).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alliance.engines.credentials import jose, loader
from alliance.engines.credentials.did import DidResolutionError, did_web_url
from alliance.engines.credentials.shape import check_shape
from alliance.engines.credentials.verify import StaticResolver, verify


def _read_document(path: Path) -> dict[str, Any] | str:
    text = path.read_text(encoding="utf-8").strip()
    if jose.looks_like_jwt(text):
        return text
    return json.loads(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="alliance credentials")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check a credential or presentation's shape")
    check.add_argument("file", type=Path)
    ver = sub.add_parser("verify", help="verify a credential or presentation offline")
    ver.add_argument("file", type=Path)
    ver.add_argument("--did", type=Path, action="append", default=[], help="saved DID document")
    ver.add_argument(
        "--status-list", type=Path, action="append", default=[], help="saved status list"
    )
    ver.add_argument("--challenge", help="expected presentation challenge")
    ver.add_argument("--domain", help="expected presentation domain")
    ver.add_argument("--json", action="store_true", help="print the result as JSON")
    ver.add_argument(
        "--base-url",
        action="append",
        default=[],
        help="an Alliance site whose context (<URL>/ns/credentials/v1) the credential may "
        "use; default: the site of the issuer's did:web",
    )
    return parser


def _check(path: Path) -> int:
    document = _read_document(path)
    if isinstance(document, str):
        _, document = jose.read_unverified(document)
    report = check_shape(document)
    for violation in report.violations:
        print(f"violation {violation}")
    for note in report.notes:
        print(f"note {note}")
    print(f"{path}: {'valid' if report.ok else f'{len(report.violations)} violation(s)'}")
    return 0 if report.ok else 1


def _resolver(path: Path, did_files: list[Path], list_files: list[Path]) -> StaticResolver:
    did_files = did_files or [p for p in [path.parent / "did.json"] if p.exists()]
    # status-list.json, and any further lists (e.g. status-list-suspension.json).
    list_files = list_files or sorted(path.parent.glob("status-list*.json"))
    resolver = StaticResolver()
    for did_file in did_files:
        doc = json.loads(did_file.read_text(encoding="utf-8"))
        resolver.did_documents[doc["id"]] = doc
    for list_file in list_files:
        status = _read_document(list_file)
        url = jose.read_unverified(status)[1]["id"] if isinstance(status, str) else status["id"]
        resolver.status_lists[url] = status
    return resolver


def _issuer_sites(document: dict[str, Any] | str) -> list[str]:
    """The https (and, for local sites, http) base URL of a did:web issuer."""
    payload = jose.read_unverified(document)[1] if isinstance(document, str) else document
    issuer = payload.get("issuer")
    issuer = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not isinstance(issuer, str) or not issuer.startswith("did:web:"):
        return []
    try:
        url = did_web_url(issuer)
    except DidResolutionError:
        return []
    site = url.removesuffix("/.well-known/did.json").removesuffix("/did.json")
    return [site, "http://" + site.removeprefix("https://")]


def _verify(args: argparse.Namespace) -> int:
    resolver = _resolver(args.file, args.did, args.status_list)
    document = _read_document(args.file)
    for site in args.base_url or _issuer_sites(document):
        loader.pin_alliance_context(site)
    result = verify(document, resolver, challenge=args.challenge, domain=args.domain)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
    else:
        for line in result.lines():
            print(line)
        print(f"{args.file}: {'VERIFIED' if result.verified else 'NOT VERIFIED'}")
    return 0 if result.verified else 1


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args.file)
        return _verify(args)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
