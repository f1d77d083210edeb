"""Transparency-log benchmark: Alliance's Merkle engine on SQLite against pymerkle.

    python benchmarks/transparency.py            # 1,000,000 leaves
    python benchmarks/transparency.py --quick    # 20,000 leaves

Measures, each on a fresh SQLite file (stdlib sqlite3):

1. bulk appends (``append_leaves`` over ``SqlHashStore``, executemany), the entry
   rows written in the same transactions as the hashes, as the Django side will;
2. one-per-transaction appends (read log head, append one leaf, update head, commit);
3. inclusion and consistency proof generation and verification at full size, in a
   fresh process (cold: new interpreter, new connection, no caches of ours);

and the same operations by ``pymerkle`` (test-only oracle, never imported by
``src/``) with ratios. pymerkle proofs run under a time budget and the table says
how many were done. Goals (issue 7): bulk >= 50,000/s, single >= 1,000/s,
proofs >= 10,000/s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from alliance.engines.merkle import (  # noqa: E402
    SqlHashStore,
    append_leaves,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    tree_hash,
    verify_consistency,
    verify_inclusion,
)

HASH_TABLE = "transparency_hash"
ENTRY_TABLE = "transparency_entry"
HEAD_TABLE = "transparency_head"


def fact(i: int) -> bytes:
    """A realistic ~110-byte canonical-JSON entry (built directly: generation is not timed)."""
    return (
        f'{{"index":{i},"kind":"partner.admitted","subject":"org-{i:07d}",'
        f'"time":"2026-01-01T00:00:00Z","tier":"{i % 5}"}}'
    ).encode()


def connect(path: str, wal: bool) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)  # explicit BEGIN/COMMIT
    if wal:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
    return connection


def create_schema(connection: sqlite3.Connection) -> SqlHashStore:
    """The schema the Django side will create (BigIntegerField pk, BinaryField)."""
    store = SqlHashStore(connection, table=HASH_TABLE)
    store.create_table()
    connection.execute(
        f"CREATE TABLE IF NOT EXISTS {ENTRY_TABLE} (idx BIGINT PRIMARY KEY, data BLOB NOT NULL)"
    )
    connection.execute(
        f"CREATE TABLE IF NOT EXISTS {HEAD_TABLE} "
        "(id INTEGER PRIMARY KEY, size BIGINT NOT NULL, root BLOB NOT NULL)"
    )
    connection.execute(f"INSERT OR IGNORE INTO {HEAD_TABLE} VALUES (1, 0, x'')")
    return store


def bench_bulk(path: str, leaves: int, batch: int) -> dict:
    connection = connect(path, wal=True)
    store = create_schema(connection)
    size, root = 0, b""
    elapsed = 0.0
    for start in range(0, leaves, batch):
        datas = [fact(i) for i in range(start, min(leaves, start + batch))]
        t0 = time.perf_counter()
        connection.execute("BEGIN")
        connection.executemany(
            f"INSERT INTO {ENTRY_TABLE} (idx, data) VALUES (?, ?)",
            zip(range(start, start + len(datas)), datas, strict=True),
        )
        size, root = append_leaves(store, size, datas)
        connection.execute(f"UPDATE {HEAD_TABLE} SET size = ?, root = ? WHERE id = 1", (size, root))
        connection.execute("COMMIT")
        elapsed += time.perf_counter() - t0
    connection.close()
    return {"n": leaves, "seconds": elapsed, "rate": leaves / elapsed, "root": root.hex()}


def bench_single(path: str, count: int, wal: bool) -> dict:
    """Each append its own transaction: lock head, append, write entry and head, commit."""
    connection = connect(path, wal=wal)
    store = create_schema(connection)
    t0 = time.perf_counter()
    for _ in range(count):
        connection.execute("BEGIN IMMEDIATE")  # the write lock, like SELECT ... FOR UPDATE
        (size,) = connection.execute(f"SELECT size FROM {HEAD_TABLE} WHERE id = 1").fetchone()
        data = fact(size)
        connection.execute(f"INSERT INTO {ENTRY_TABLE} (idx, data) VALUES (?, ?)", (size, data))
        size, root = append_leaves(store, size, [data])
        connection.execute(f"UPDATE {HEAD_TABLE} SET size = ?, root = ? WHERE id = 1", (size, root))
        connection.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    connection.close()
    return {"n": count, "seconds": elapsed, "rate": count / elapsed}


def worker_ours(path: str, size: int, count: int, seed: int) -> dict:
    """Runs in a fresh process: proofs straight from the SQLite file."""
    rng = random.Random(seed)
    connection = sqlite3.connect(path)
    store = SqlHashStore(connection, table=HASH_TABLE)
    indexes = [rng.randrange(size) for _ in range(count)]
    firsts = [rng.randrange(1, size) for _ in range(count)]

    t0 = time.perf_counter()
    inclusion = [inclusion_proof(store, i, size) for i in indexes]
    t_inc_gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    consistency = [consistency_proof(store, m, size) for m in firsts]
    t_con_gen = time.perf_counter() - t0

    root = tree_hash(store, size)
    first_roots = [tree_hash(store, m) for m in firsts]  # inputs a client already has
    t0 = time.perf_counter()
    for i, proof in zip(indexes, inclusion, strict=True):
        verify_inclusion(i, size, leaf_hash(fact(i)), proof, root)
    t_inc_ver = time.perf_counter() - t0
    t0 = time.perf_counter()
    for m, r1, proof in zip(firsts, first_roots, consistency, strict=True):
        verify_consistency(m, size, r1, root, proof)
    t_con_ver = time.perf_counter() - t0
    return {
        "inclusion_gen": count / t_inc_gen,
        "inclusion_verify": count / t_inc_ver,
        "consistency_gen": count / t_con_gen,
        "consistency_verify": count / t_con_ver,
        "count": count,
    }


def worker_pymerkle(path: str, size: int, count: int, seed: int, budget: float) -> dict:
    """pymerkle's SqliteTree in a fresh process; each phase stops at ``budget`` seconds."""
    from pymerkle import SqliteTree
    from pymerkle import verify_consistency as pm_verify_consistency
    from pymerkle import verify_inclusion as pm_verify_inclusion

    rng = random.Random(seed)
    tree = SqliteTree(path)
    out: dict = {}

    def timed(label: str, make, verify) -> None:
        done, proofs = 0, []
        t0 = time.perf_counter()
        while done < count and time.perf_counter() - t0 < budget:
            proofs.append(make())
            done += 1
        out[f"{label}_gen"] = done / (time.perf_counter() - t0)
        out[f"{label}_count"] = done
        t0 = time.perf_counter()
        for args in proofs:
            verify(*args)
        out[f"{label}_verify"] = done / (time.perf_counter() - t0) if done else 0.0

    root = tree.get_root(size)

    def make_inclusion():
        i = rng.randrange(1, size + 1)  # pymerkle counts leaves from one
        return tree.get_leaf(i), root, tree.prove_inclusion(i, size)

    timed("inclusion", make_inclusion, pm_verify_inclusion)

    def make_consistency():
        m = rng.randrange(1, size)
        return tree.get_root(m), root, tree.prove_consistency(m, size)

    timed("consistency", make_consistency, pm_verify_consistency)
    tree.close()
    return out


def bench_pymerkle_appends(path: str, leaves: int, single: int) -> dict:
    from pymerkle import SqliteTree

    tree = SqliteTree(path)
    datas = [fact(i) for i in range(leaves)]
    t0 = time.perf_counter()
    tree.append_entries(datas)
    bulk = time.perf_counter() - t0
    root = tree.get_root(leaves)
    tree.close()
    single_path = path + ".single"
    tree = SqliteTree(single_path)
    t0 = time.perf_counter()
    for i in range(single):
        tree.append_entry(fact(i))  # pymerkle commits each entry
    one = time.perf_counter() - t0
    tree.close()
    os.remove(single_path)
    return {"bulk": leaves / bulk, "single": single / one, "root": root.hex()}


def in_fresh_process(*args: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--worker", *args], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leaves", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="20,000 leaves, fewer operations")
    parser.add_argument("--single", type=int, default=5_000, help="one-per-transaction appends")
    parser.add_argument("--proofs", type=int, default=20_000, help="proofs of each kind")
    parser.add_argument("--batch", type=int, default=50_000, help="leaves per bulk transaction")
    parser.add_argument(
        "--pymerkle-leaves", type=int, help="tree size for pymerkle (default: same)"
    )
    parser.add_argument("--pymerkle-single", type=int, default=500)
    parser.add_argument("--pymerkle-budget", type=float, default=20.0, help="seconds per phase")
    parser.add_argument("--no-pymerkle", action="store_true")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        kind, path, size, count, seed, *rest = args.worker
        if kind == "ours":
            result = worker_ours(path, int(size), int(count), int(seed))
        else:
            result = worker_pymerkle(path, int(size), int(count), int(seed), float(rest[0]))
        print(json.dumps(result))
        return 0

    if args.quick:
        args.leaves, args.single, args.proofs = 20_000, 1_000, 5_000
        args.pymerkle_single = min(args.pymerkle_single, 200)
        args.pymerkle_budget = min(args.pymerkle_budget, 5.0)
    pm_leaves = args.pymerkle_leaves or args.leaves
    load_start = f"{os.getloadavg()[0]:.2f}"

    with tempfile.TemporaryDirectory(prefix="alliance-bench-") as tmp:
        db = os.path.join(tmp, "log.sqlite3")
        print(f"bulk append of {args.leaves:,} leaves into {db} ...", file=sys.stderr)
        bulk = bench_bulk(db, args.leaves, args.batch)
        print(f"{args.single:,} single appends ...", file=sys.stderr)
        single_wal = bench_single(os.path.join(tmp, "single-wal.sqlite3"), args.single, True)
        single_default = bench_single(os.path.join(tmp, "single.sqlite3"), args.single, False)
        print(f"{args.proofs:,} proofs of each kind in a fresh process ...", file=sys.stderr)
        ours = in_fresh_process("ours", db, str(args.leaves), str(args.proofs), "1")

        pm: dict = {}
        if not args.no_pymerkle:
            pm_db = os.path.join(tmp, "pymerkle.sqlite3")
            print(f"pymerkle: {pm_leaves:,} leaves ...", file=sys.stderr)
            pm = bench_pymerkle_appends(pm_db, pm_leaves, args.pymerkle_single)
            if pm_leaves == args.leaves and pm["root"] != bulk["root"]:
                raise SystemExit("root mismatch between Alliance and pymerkle")
            pm |= in_fresh_process(
                "pymerkle", pm_db, str(pm_leaves), str(args.proofs), "1",
                str(args.pymerkle_budget),
            )  # fmt: skip

    rows: list[tuple[str, float, float | None, int | None]] = [
        ("bulk appends /s", bulk["rate"], pm.get("bulk"), 50_000),
        ("single-txn appends /s (WAL, sync=NORMAL)", single_wal["rate"], None, 1_000),
        ("single-txn appends /s (default journal)", single_default["rate"], pm.get("single"), None),
    ]
    for kind in ("inclusion", "consistency"):
        for step, verb in (("gen", "generated"), ("verify", "verified")):
            key = f"{kind}_{step}"
            rows.append((f"{kind} proofs {verb} /s", ours[key], pm.get(key), 10_000))
    print()
    print(f"Alliance: {args.leaves:,} leaves; pymerkle {pymerkle_note(args, pm, pm_leaves)}")
    print(
        f"machine: {os.cpu_count()} CPUs, load average at start {load_start}, at end "
        f"{os.getloadavg()[0]:.2f}; Python {sys.version.split()[0]}; "
        f"SQLite {sqlite3.sqlite_version}"
    )
    print(f"{'operation':44} {'alliance':>12} {'pymerkle':>12} {'ratio':>8} {'goal':>8}  ok")
    print("-" * 94)
    for label, value, other, goal in rows:
        ratio = f"{value / other:7.1f}x" if other else "       -"
        other_text = f"{other:12,.0f}" if other else f"{'-':>12}"
        goal_text = f"{goal:8,}" if goal else f"{'-':>8}"
        ok = "" if goal is None else ("yes" if value >= goal else "NO")
        print(f"{label:44} {value:12,.0f} {other_text} {ratio} {goal_text}  {ok}")
    print()
    print(
        f"bulk: {bulk['n']:,} leaves in {bulk['seconds']:.2f} s (batches of {args.batch:,}, entry "
        f"rows and log head written in the same transactions); single appends: {args.single:,} "
        f"commits; proofs: {ours['count']:,} of each kind, fresh process, tree size "
        f"{args.leaves:,}; pymerkle single appends: {args.pymerkle_single:,} (default journal)."
    )
    if pm:
        print(
            f"pymerkle proofs done within {args.pymerkle_budget:.0f} s per phase: "
            f"{pm['inclusion_count']:,} inclusion, {pm['consistency_count']:,} consistency."
        )
    return 0


def pymerkle_note(args: argparse.Namespace, pm: dict, pm_leaves: int) -> str:
    if not pm:
        return "skipped"
    if pm_leaves == args.leaves:
        return f"{pm_leaves:,} leaves (same tree; roots checked equal)"
    return f"{pm_leaves:,} leaves (smaller tree than Alliance's)"


if __name__ == "__main__":
    sys.exit(main())
