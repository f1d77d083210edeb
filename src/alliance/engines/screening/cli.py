"""``alliance screen``: screen one name or a CSV of names against list files. No database."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from .cache import load_screener
from .matcher import SCREEN_BATCH, Query, Screener
from .model import ListFormatError
from .scorer import DEFAULT_THRESHOLD


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alliance screen", description="Screen names against sanctions lists."
    )
    parser.add_argument("--list", dest="lists", action="append", required=True, metavar="PATH")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--query", help="one name to screen")
    what.add_argument("--names", type=Path, help="CSV with a 'name' column")
    parser.add_argument("--kind", choices=["person", "organisation"])
    parser.add_argument("--country")
    parser.add_argument("--birth-date")
    parser.add_argument("--out", type=Path, help="JSON lines output for --names")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print --query results as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.names is not None and args.out is None:
        print("error: --names needs --out FILE.jsonl", file=sys.stderr)
        return 2
    try:
        screener = load_screener(args.lists)
    except (FileNotFoundError, ListFormatError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.query is not None:
        return _screen_one(screener, args)
    try:
        return _screen_csv(screener, args.names, args.out, args.threshold, args.limit)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _screen_one(screener: Screener, args: argparse.Namespace) -> int:
    query = Query(args.query, args.kind, args.country, args.birth_date)
    matches = screener.screen(query, threshold=args.threshold, limit=args.limit)
    if args.json:
        print(json.dumps([m.to_dict() for m in matches], ensure_ascii=False, indent=2))
        return 0
    if not matches:
        print(f"no match at or above {args.threshold:.2f} for {args.query!r}")
    for rank, match in enumerate(matches, 1):
        print(f"#{rank} {match.list_id} {match.entry_id}  score {match.score:.2f}")
        print(match.explanation.to_text())
        print()
    return 0


def _read_rows(path: Path) -> Iterator[dict[str, str]]:
    if not path.is_file():
        raise FileNotFoundError(f"names file not found: {path}")
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "name" not in reader.fieldnames:
            raise ValueError(f"{path}: the CSV header has no 'name' column")
        yield from reader


def _screen_csv(screener: Screener, names: Path, out: Path, threshold: float, limit: int) -> int:
    rows = list(_read_rows(names))
    queries = [_query(names, line, row) for line, row in enumerate(rows, 2)]  # all checked first
    progress = _progress(len(rows))
    partial = out.with_name(out.name + ".partial")
    try:
        with open(partial, "w", encoding="utf-8") as sink:
            for start in range(0, len(rows), SCREEN_BATCH):
                chunk = queries[start : start + SCREEN_BATCH]
                named = [q for q in chunk if q.name.strip()]
                found = iter(screener.screen_many(named, threshold=threshold, limit=limit))
                for row, query in zip(rows[start : start + SCREEN_BATCH], chunk, strict=True):
                    matches = next(found) if query.name.strip() else []
                    record = {
                        "id": row.get("id"),
                        "name": row["name"],
                        "matches": [m.to_dict() for m in matches],
                    }
                    sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                if progress is not None:
                    progress.update(len(chunk))
    except BaseException:
        partial.unlink(missing_ok=True)  # a run that stops half-way leaves no output
        raise
    partial.replace(out)
    if progress is not None:
        progress.close()
    return 0


def _query(names: Path, line: int, row: dict[str, str]) -> Query:
    kind = (row.get("kind") or "").strip().lower() or None
    if kind not in (None, "person", "organisation"):
        raise ValueError(f"{names}: line {line}: kind must be person or organisation")
    return Query(
        row.get("name") or "",
        kind,
        (row.get("country") or "").strip() or None,
        (row.get("birth_date") or "").strip() or None,
    )


def _progress(total: int):  # type: ignore[no-untyped-def]
    """A tqdm bar on an interactive terminal only (never in pipes or logs)."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="name", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
