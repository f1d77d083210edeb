"""``alliance screen``: screen one name or a CSV of names against list files. No database."""

from __future__ import annotations

import argparse
import functools
import json
import multiprocessing
import multiprocessing.pool
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .cache import load_screener
from .given_names import rigour_given_name_ids
from .matcher import SCREEN_BATCH, Query, Screener
from .model import ListFormatError
from .query_input import NAME_PART_COLUMNS, InputError, checked_fields, read_names_csv
from .scorer import DEFAULT_THRESHOLD

HINT = "hint: see 'alliance screen --help'; nothing was written"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alliance screen", description="Screen names against sanctions lists."
    )
    parser.add_argument("--list", dest="lists", action="append", required=True, metavar="PATH")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--query", help="one name to screen")
    what.add_argument(
        "--names",
        type=Path,
        help="UTF-8 CSV with a 'name' column (and/or first_name, middle_name, patronymic,"
        " last_name: with a first and a last name their roles count);"
        " optional: id, kind, country (ISO code or name), birth_date (YYYY-MM-DD, YYYY-MM, YYYY)",
    )
    for role in NAME_PART_COLUMNS:
        parser.add_argument(
            "--" + role.replace("_", "-"), dest=role, default="",
            help="a part of the one name (with --query, or instead of it)",
        )  # fmt: skip
    parser.add_argument("--kind", choices=["person", "organisation"])
    parser.add_argument("--country")
    parser.add_argument("--birth-date")
    parser.add_argument("--out", type=Path, help="JSON lines output for --names")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print --query results as JSON")
    parser.add_argument(
        "--workers", type=int, default=1, metavar="N",
        help="processes screening --names in parallel (one per core; default 1)",
    )  # fmt: skip
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    has_parts = any(getattr(args, role) for role in NAME_PART_COLUMNS)
    if args.query is None and args.names is None:
        if not has_parts:
            parser.error("one of the arguments --query --names (or a name part) is required")
        args.query = ""
    elif args.names is not None and has_parts:
        parser.error("name parts go in the columns of --names")
    if args.names is not None and args.out is None:
        print("error: --names needs --out FILE.jsonl", file=sys.stderr)
        return 2
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    try:
        if args.query is not None:
            query = _checked_query(args)
        else:
            rows, queries = _read_queries(args.names)
    except InputError as exc:
        where = "--query" if args.query is not None else str(args.names)
        print(f"error: {where}: {exc}\n{HINT}", file=sys.stderr)
        return 2
    try:
        screener = load_screener(args.lists)
    except (FileNotFoundError, ListFormatError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.query is not None:
        return _screen_one(screener, args, query)
    return _screen_csv(
        screener, rows, queries, args.out, args.threshold, args.limit, workers=args.workers
    )


def _checked_query(args: argparse.Namespace) -> Query:
    parts = {role: getattr(args, role) for role in NAME_PART_COLUMNS}
    fields = checked_fields(
        name=args.query,
        parts=parts,
        kind=args.kind or "",
        country=args.country or "",
        birth_date=args.birth_date or "",
    )
    return Query(fields.name, fields.kind, fields.country, fields.birth_date, **fields.parts)


def _screen_one(screener: Screener, args: argparse.Namespace, query: Query) -> int:
    matches = screener.screen(query, threshold=args.threshold, limit=args.limit)
    if args.json:
        print(json.dumps([m.to_dict() for m in matches], ensure_ascii=False, indent=2))
        return 0
    if not matches:
        print(f"no match at or above {args.threshold:.3f} for {query.name!r}")
    for rank, match in enumerate(matches, 1):
        print(f"#{rank} {match.list_id} {match.entry_id}  score {match.score:.3f}")
        print(match.explanation.to_text())
        print()
    return 0


def _read_queries(names: Path) -> tuple[list[dict[str, str]], list[Query]]:
    """Every row of the names file as a query, all checked before any is screened."""
    _, lines = read_names_csv(names)
    rows: list[dict[str, str]] = []
    queries: list[Query] = []
    for line, row in lines:
        try:
            fields = checked_fields(
                name=row.get("name") or "",
                parts={column: row.get(column) or "" for column in NAME_PART_COLUMNS},
                kind=row.get("kind") or "",
                country=row.get("country") or "",
                birth_date=row.get("birth_date") or "",
            )
        except InputError as exc:
            raise InputError(f"line {line}, column {exc.column!r}: {exc}", exc.column) from None
        rows.append(row)
        queries.append(
            Query(fields.name, fields.kind, fields.country, fields.birth_date, **fields.parts)
        )
    return rows, queries


def _screen_csv(screener: Screener, rows: list[dict[str, str]], queries: list[Query], out: Path,
                threshold: float, limit: int, *, workers: int = 1) -> int:  # fmt: skip
    started = time.perf_counter()
    progress = _progress(len(rows))
    partial = out.with_name(out.name + ".partial")
    alerted = hits = 0
    chunks = [
        (rows[start : start + SCREEN_BATCH], queries[start : start + SCREEN_BATCH])
        for start in range(0, len(rows), SCREEN_BATCH)
    ]
    try:
        with open(partial, "w", encoding="utf-8") as sink, _Screening(screener, workers) as run:
            for lines, chunk_alerted, chunk_hits in run.map(
                functools.partial(_screened_lines, threshold=threshold, limit=limit), chunks
            ):
                alerted += chunk_alerted
                hits += chunk_hits
                sink.writelines(lines)
                if progress is not None:
                    progress.update(len(lines))
    except BaseException:
        partial.unlink(missing_ok=True)  # a run that stops half-way leaves no output
        raise
    partial.replace(out)
    if progress is not None:
        progress.close()
    elapsed = time.perf_counter() - started
    print(
        f"{len(rows):,} rows screened in {elapsed:.1f} s: {alerted:,} with alerts"
        f" ({hits:,} hits) at threshold {threshold:.3f}; written to {out}",
        file=sys.stderr,
    )
    return 0


# The screener of a run, for the worker processes: forked after it is set, they share its
# pages (its arrays are memory-mapped; the collector leaves its objects alone, see heap).
_SCREENER: Screener | None = None


class _Screening:
    """Maps chunks of rows to their output lines, in order: in this process, or in
    ``workers`` forked processes that each screen whole chunks."""

    def __init__(self, screener: Screener, workers: int) -> None:
        self.screener = screener
        self.workers = workers
        self._pool: multiprocessing.pool.Pool | None = None

    def __enter__(self) -> _Screening:
        global _SCREENER
        _SCREENER = self.screener
        if self.workers > 1:
            # rigour's given-name data (seconds, hundreds of MB) loads on first use: once
            # here, so that the workers share it rather than each loading its own (from
            # rigour itself: a stored screener answers its listed words without it).
            rigour_given_name_ids("michael")
            self._pool = multiprocessing.get_context("fork").Pool(self.workers)
        return self

    def __exit__(self, *exc: object) -> None:
        global _SCREENER
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
        _SCREENER = None

    def map(self, work: Callable[[_Chunk], _Screened], chunks: list[_Chunk]) -> Iterator[_Screened]:
        if self._pool is None:
            return map(work, chunks)
        return self._pool.imap(work, chunks)


_Chunk = tuple[list[dict[str, str]], list[Query]]
_Screened = tuple[list[str], int, int]  # JSON lines, rows with alerts, hits


def _screened_lines(chunk: _Chunk, *, threshold: float, limit: int) -> _Screened:
    """One chunk of rows screened together: its output lines, rows with alerts, hits."""
    assert _SCREENER is not None
    rows, queries = chunk
    found = _SCREENER.screen_many(queries, threshold=threshold, limit=limit)
    lines = []
    alerted = hits = 0
    for row, query, matches in zip(rows, queries, found, strict=True):
        alerted += bool(matches)
        hits += len(matches)
        found_here = [m.to_dict() for m in matches]
        record = {"id": row.get("id"), "name": query.name, "matches": found_here}
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return lines, alerted, hits


def _progress(total: int):  # type: ignore[no-untyped-def]
    """A tqdm bar on an interactive terminal only (never in pipes or logs)."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="name", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
