"""``alliance log verify``: check a saved checkpoint against the log's entries, offline or by URL.

Exit status: 0 verified, 1 verification failed, 2 bad input (missing file, malformed dump).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from alliance.engines.merkle.checkpoint import Verifier, generate_key
from alliance.engines.merkle.verify import VerificationFailed, verify_log, verify_url
from alliance.engines.merkle.wire import parse_entries_document


def _read_text(value: str) -> str:
    return Path(value).read_text(encoding="utf-8")


def _key(value: str) -> str:
    """A verifier key given inline, or the path of a file that holds one."""
    path = Path(value)
    if "+" not in value or path.is_file():
        return path.read_text(encoding="utf-8").strip()
    return value.strip()


def build_parser(prog: str = "alliance log verify") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Verify the Alliance transparency log: checkpoint signature, the root "
        "recomputed from every entry, and consistency with an older checkpoint.",
    )
    parser.add_argument(
        "--key",
        action="append",
        required=True,
        help="verifier key <name>+<id>+<key>, or a file holding it (repeat for rotated keys)",
    )
    parser.add_argument(
        "--checkpoint",
        help="saved signed checkpoint file (default with --url: the server's current checkpoint)",
    )
    parser.add_argument("--older", help="an older saved checkpoint that must be a prefix")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--entries", help='entries dump: {"entries": [{"index", "leaf", "fact"}]}')
    source.add_argument("--url", help="base URL of an Alliance site (fetches /transparency/...)")
    parser.add_argument("--origin", help="require this checkpoint origin line")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per HTTP request")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """``alliance log [verify] ...`` and ``alliance log keygen NAME``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["keygen"]:
        return keygen_main(argv[1:])
    if argv[:1] == ["verify"]:
        argv = argv[1:]
    args = build_parser().parse_args(argv)
    try:
        keys = [Verifier.from_key(_key(k)) for k in args.key]
        checkpoint = _read_text(args.checkpoint) if args.checkpoint else None
        older = _read_text(args.older) if args.older else None
        if args.url:
            report = verify_url(args.url, keys, checkpoint, older, args.origin, args.timeout)
        else:
            if checkpoint is None:
                print("error: --checkpoint is required with --entries", file=sys.stderr)
                return 2
            entries = parse_entries_document(json.loads(_read_text(args.entries)))
            report = verify_log(checkpoint, keys, entries, older, args.origin)
    except VerificationFailed as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for line in report.lines:
        print(line)
    print(f"VERIFIED: {report.checkpoint.origin} at tree size {report.checkpoint.size}")
    return 0


def keygen_main(argv: Sequence[str] | None = None) -> int:
    """Print a new signer key and its verifier key for ``name`` (keep the first one secret)."""
    parser = argparse.ArgumentParser(prog="alliance log keygen")
    parser.add_argument("name", help="key name, usually the log origin")
    args = parser.parse_args(argv)
    signer_key, verifier_key = generate_key(args.name)
    print(signer_key)
    print(verifier_key)
    return 0


if __name__ == "__main__":
    sys.exit(main())
