"""Whether a change to the screening engine's speed left every output as it was.

Screens real queries (the development checks of both splits against every shared
list, and the speed benchmark's planted variants and unlisted people against UN +
OFAC SDN) and writes, per query: its candidate rows, their name scores, and every
match with its full explanation, floats unrounded. Run it before a change with
``--dump`` and after it with ``--compare``:

    python benchmarks/screening_same.py --dump /tmp/before.jsonl
    python benchmarks/screening_same.py --compare /tmp/before.jsonl

A speed change must print "identical"; a change of the scoring rules will not.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from alliance.datadir import data_dir
from alliance.engines.screening.matcher import Query, Screener

# A lower threshold than the default, so that more rows are explained and compared.
LOW_THRESHOLD = 0.6


def _records(screener: Screener, label: str, queries: list[Query]) -> Iterator[dict[str, object]]:
    prepared = screener.prepare_many(queries)
    scores = screener.name_scores(prepared)
    for threshold in (None, LOW_THRESHOLD):
        found = (
            screener.screen_many(queries)
            if threshold is None
            else screener.screen_many(queries, threshold=threshold, limit=20)
        )
        for n, (query, matches) in enumerate(zip(queries, found, strict=True)):
            record: dict[str, object] = {
                "set": label,
                "threshold": threshold,
                "n": n,
                "query": query.name,
                "matches": [
                    [m.list_id, m.entry_id, m.matched_name, m.score.hex(), asdict(m.explanation)]
                    for m in matches
                ],
            }
            if threshold is None:
                record["rows"] = prepared[n].rows.tolist()
                record["scores"] = [float(s).hex() for s in scores[n]]
            yield record


def records(speed_queries: int, per_category: int) -> Iterator[dict[str, object]]:
    from alliance.engines.screening.loaders import load_list
    from screening import SPEED_LISTS, _dev_query, load_real_entries
    from screening_devset import checks
    from synthetic_names import planted_variants, unlisted_people

    screener = Screener.from_entries(load_real_entries())
    for split in ("dev", "held-out"):
        made = checks(screener.entries, split, per_category)
        yield from _records(screener, f"devset-{split}", [_dev_query(c) for c in made])
    base = data_dir() / "lists"
    entries = [e for name in SPEED_LISTS for e in load_list(base / name).entries]
    speed = Screener.from_entries(entries)
    queries = [Query(p.query, kind=p.kind) for p in planted_variants(entries, speed_queries // 2)]
    queries += [Query(q, kind="person") for q in unlisted_people(speed_queries - len(queries), 9)]
    yield from _records(speed, "speed", queries)


def main() -> int:
    parser = argparse.ArgumentParser()
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--dump", help="write the outputs here (JSON lines)")
    group.add_argument("--compare", help="compare the outputs with this dump")
    parser.add_argument("--speed-queries", type=int, default=2_000)
    parser.add_argument("--per-category", type=int, default=60)
    args = parser.parse_args()
    made = records(args.speed_queries, args.per_category)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as handle:
            count = 0
            for record in made:
                handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
        print(f"{count:,} records written to {args.dump}")
        return 0
    with open(args.compare, encoding="utf-8") as handle:
        before = [json.loads(line) for line in handle]
    after = [json.loads(json.dumps(r, ensure_ascii=False, sort_keys=True)) for r in made]
    differ = [(b, a) for b, a in zip(before, after, strict=False) if b != a]
    if len(before) != len(after):
        print(f"record counts differ: {len(before):,} before, {len(after):,} after")
    for b, a in differ[:5]:
        print(f"differs: {b['set']} #{b['n']} {b['query']!r} (threshold {b['threshold']})")
        for key in sorted(set(b) | set(a)):
            if b.get(key) != a.get(key):
                print(f"  {key}: before {str(b.get(key))[:300]}")
                print(f"  {key}: after  {str(a.get(key))[:300]}")
    if differ or len(before) != len(after):
        print(f"{len(differ):,} of {len(before):,} records differ")
        return 1
    print(f"identical: {len(after):,} records")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
