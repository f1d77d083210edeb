"""Screening benchmark: quality against nomenklatura's matchers, and speed at scale.

    python benchmarks/screening.py           # full run (1,000,000 synthetic names)
    python benchmarks/screening.py --quick   # smoke run (100,000 synthetic names)

nomenklatura is a test/benchmark oracle only; the engine never imports it.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import random
import resource
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))

from alliance.datadir import data_dir
from alliance.engines.screening.batch import score_pairs
from alliance.engines.screening.matcher import SCREEN_BATCH, Query, Screener
from alliance.engines.screening.model import ListEntry
from alliance.engines.screening.scorer import DEFAULT_THRESHOLD, score_names

if TYPE_CHECKING:
    from followthemoney import EntityProxy

YENTE_THRESHOLD = 0.70
ALLIANCE_KIND = {
    "Person": "person",
    "Company": "organisation",
    "Organization": "organisation",
    "Vessel": "vessel",
}
# Both sides are timed after the same warm-up on names outside the benchmark.
WARM_UP = (
    ("山田", "Yamada"),
    ("Владимир Иванов", "Vladimir Ivanov"),
    ("محمد", "Mohammed"),
    ("Acme Trading LLC", "ACME TRADING OOO"),
    ("Майкл Смит", "Michael Smith"),
    ("Γιώργος Παπαδόπουλος", "Giorgos Papadopoulos"),
    ("東京", "东京"),
)
LIST_FILES = (
    "un/un_consolidated_2026-05-08.xml",
    "ofac/sdn_2022-11/sdn.csv",
    "ofac/cons_non_sdn_2025-03-28.xml",
    "uk/hmt_ofsi_conlist_2014-04-02.csv",
    "canada/sema_consolidated_autonomous_2025.xml",
    "eu/eu_fsf_csv_excerpt_2018-07-04.csv",
)


def prf(results: list[tuple[float, bool]], threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for s, m in results if s >= threshold and m)
    fp = sum(1 for s, m in results if s >= threshold and not m)
    fn = sum(1 for s, m in results if s < threshold and m)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bench_cases() -> list[dict[str, str]]:
    path = data_dir() / "eval" / "nomenklatura" / "name_bench_cases.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def alliance_quality(cases: list[dict[str, str]]) -> tuple[list[tuple[float, bool]], float]:
    """Scores of the raw name strings of every pair, in one batch.

    Timed: normalising each distinct name once (as an index does) and scoring every pair.
    """
    # Initialise transliterators, name data and number tables, not with the bench names.
    for kind in ("person", "organisation"):
        score_pairs([a for a, _ in WARM_UP], [b for _, b in WARM_UP], [kind] * len(WARM_UP))
    left = [c["name1"] for c in cases]
    right = [c["name2"] for c in cases]
    kinds = [ALLIANCE_KIND.get(c["schema"]) for c in cases]
    start = time.perf_counter()
    scores = score_pairs(left, right, kinds)
    elapsed = time.perf_counter() - start
    return [
        (float(s), c["is_match"] == "true") for s, c in zip(scores, cases, strict=True)
    ], elapsed


def nomenklatura_quality(
    cases: list[dict[str, str]], algorithm: str
) -> tuple[list[tuple[float, bool]], float]:
    """Scores of the raw name strings of every pair.

    Timed: building the two entities of each pair from the raw strings and comparing them.
    """
    from followthemoney import model
    from nomenklatura.matching import get_algorithm

    algo = get_algorithm(algorithm)
    assert algo is not None, algorithm
    config = algo.default_config()

    def entities(i: int, case: dict[str, str]) -> tuple[EntityProxy, EntityProxy]:
        a = model.make_entity(case["schema"])
        a.id = f"q{i}"
        a.add("name", case["name1"])
        b = model.make_entity(case["schema"])
        b.id = f"r{i}"
        b.add("name", case["name2"])
        return a, b

    for i, (x, y) in enumerate(WARM_UP):
        algo.compare(*entities(-i - 1, {"schema": "Person", "name1": x, "name2": y}), config)
    start = time.perf_counter()
    results = [
        (algo.compare(*entities(i, case), config).score, case["is_match"] == "true")
        for i, case in enumerate(cases)
    ]
    return results, time.perf_counter() - start


def cross_script() -> list[tuple[str, str, float, float]]:
    path = data_dir() / "eval" / "watchman" / "cross_script_pairs.csv"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        query, expected, minimum, _ = line.split(",", 3)
        score, _ = score_names(query, expected, "person")
        out.append((query, expected, float(minimum), score))
    return out


def load_real_entries() -> list[ListEntry]:
    """The entries of every shared list file (``LIST_FILES``)."""
    from alliance.engines.screening.loaders import load_list

    base = data_dir() / "lists"
    return [e for name in LIST_FILES for e in load_list(base / name).entries]


def real_lists() -> tuple[Screener, dict[str, float]]:
    start = time.perf_counter()
    entries = load_real_entries()
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    screener = Screener.from_entries(entries)
    built = time.perf_counter() - start
    timings = {"entries": len(entries), "rows": len(screener.rows), "load_s": loaded}
    return screener, timings | {"build_s": built}


NOMENKLATURA_CANDIDATES = 20  # the index's best entries, plus the closest by a fuzzy ratio
FUZZY_CANDIDATES = 10


def devset(
    screener: Screener, split: str, per: int, show_failures: bool = False
) -> dict[str, dict[str, list[bool]]]:
    """The development checks of ``split`` (``screening_devset``), for Alliance and for
    nomenklatura's logic-v2 on a generous candidate set: the index's best entries, the
    entries whose names are closest by rapidfuzz's token_sort_ratio over every list name,
    and, for checks that must alert, the expected entry itself.

    Per category and matcher: one bool per check, True where the outcome is right
    (the expected entry alerts; nothing alerts on a negative).
    """
    import numpy as np
    from followthemoney import model
    from nomenklatura.matching import get_algorithm
    from rapidfuzz import fuzz, process

    from screening_devset import checks

    made = checks(screener.entries, split, per)
    queries = [_dev_query(c) for c in made]
    found = screener.screen_many(queries)
    algo = get_algorithm("logic-v2")
    assert algo is not None
    config = algo.default_config()
    names = [(n, e) for e, entry in enumerate(screener.entries) for n in entry.all_names()]
    ratio = process.cdist([c.query for c in made], [n for n, _ in names],
                          scorer=fuzz.token_sort_ratio, processor=str.lower, workers=2,
                          dtype=np.uint8)  # fmt: skip
    by_key = {(e.list_id, e.entry_id): i for i, e in enumerate(screener.entries)}
    listed: dict[int, EntityProxy] = {}
    out: dict[str, dict[str, list[bool]]] = {}
    for n, (check, matches) in enumerate(zip(made, found, strict=True)):
        keys = {(m.list_id, m.entry_id) for m in matches}
        ours = _right(check, keys)
        if show_failures and not ours:
            best = matches[0] if matches else None
            print(
                f"  FAIL {check.category}: {check.query!r} -> {check.source!r}; alerted: "
                + (f"{best.matched_name!r} {best.score:.3f}" if best else "nothing")
            )
        candidates: dict[int, None] = {}
        for row in screener.prepare(queries[n]).rows.tolist():
            candidates.setdefault(int(screener.row_entry[row]), None)
            if len(candidates) >= NOMENKLATURA_CANDIDATES:
                break
        for k in np.argsort(-ratio[n], kind="stable")[: FUZZY_CANDIDATES * 3].tolist():
            candidates.setdefault(names[k][1], None)
            if len(candidates) >= NOMENKLATURA_CANDIDATES + FUZZY_CANDIDATES:
                break
        if check.expected:
            candidates.setdefault(by_key[check.expected], None)
        schema = "Person" if check.kind == "person" else "Organization"
        q_entity = model.make_entity(schema)
        q_entity.id = f"q{n}"
        q_entity.add("name", check.query)
        for role, value in check.parts:
            q_entity.add({"first_name": "firstName", "middle_name": "middleName",
                          "last_name": "lastName"}[role], value)  # fmt: skip
        alerted = set()
        for e_idx in candidates:
            entry = screener.entries[e_idx]
            if e_idx not in listed:
                entity = model.make_entity(NOMENKLATURA_SCHEMA.get(str(entry.kind), "LegalEntity"))
                entity.id = f"e{e_idx}"
                for name in entry.all_names():
                    entity.add("name", name)
                if entity.schema.name == "Person":  # the list's name parts, where it gives them
                    for parts in entry.name_parts:
                        entity.add("firstName", parts.first_name)
                        entity.add("middleName", parts.middle_name or None)
                        entity.add("lastName", parts.last_name)
                listed[e_idx] = entity
            if listed[e_idx].schema.name == "Person" and schema != "Person":
                continue  # nomenklatura compares only matchable schemata
            if algo.compare(q_entity, listed[e_idx], config).score >= YENTE_THRESHOLD:
                alerted.add((entry.list_id, entry.entry_id))
        theirs = _right(check, alerted)
        per_category = out.setdefault(check.category, {"alliance": [], "logic-v2": []})
        per_category["alliance"].append(ours)
        per_category["logic-v2"].append(theirs)
    return out


def _right(check: object, alerted: set[tuple[str, str]]) -> bool:
    """Whether the alerts are what the check wants (see screening_devset.Check)."""
    if check.forbidden:  # type: ignore[attr-defined]
        return check.forbidden not in alerted  # type: ignore[attr-defined]
    return check.expected in alerted if check.expected else not alerted  # type: ignore[attr-defined]


def _dev_query(check: object) -> Query:
    """The check as a query; name parts, where the check has them, go as parts."""
    parts = dict(check.parts)  # type: ignore[attr-defined]
    return Query(check.query, kind=check.kind, **parts)  # type: ignore[attr-defined]


def print_devset(split: str, results: dict[str, dict[str, list[bool]]]) -> bool:
    """The per-category table of one split; whether the goals of issue 15 are met."""
    print(f"\nDevelopment checks, split {split!r} (benchmarks/screening_devset.py):")
    print(
        f"  {'category':<20} {'n':>4} {'measure':<13} {'alliance':>8} {'logic-v2':>8} {'ratio':>6}"
    )
    ok = True
    totals: dict[str, dict[str, list[bool]]] = {}
    for category, res in sorted(results.items()):
        negative = "-neg-" in category or category.endswith("unlisted")
        group = ("org" if category.startswith("org") else "person") + (" neg" if negative else "")
        for who in ("alliance", "logic-v2"):
            totals.setdefault(group, {}).setdefault(who, []).extend(res[who])
        a, b = (sum(res[w]) / len(res[w]) for w in ("alliance", "logic-v2"))
        if negative:
            a, b = 1 - a, 1 - b
        measure = "false alerts" if negative else "recall"
        ratio = a / b if b else float("inf")
        print(f"  {category:<20} {len(res['alliance']):>4} {measure:<13} {a:>8.3f} {b:>8.3f}"
              f" {ratio:>6.2f}")  # fmt: skip
        if not negative:
            ok &= a >= b
    f1s = []
    for who in ("alliance", "logic-v2"):
        tp = sum(sum(totals[g][who]) for g in ("org", "person"))
        fn = sum(len(totals[g][who]) - sum(totals[g][who]) for g in ("org", "person"))
        fp = sum(len(totals[g][who]) - sum(totals[g][who]) for g in ("org neg", "person neg"))
        f1s.append(2 * tp / (2 * tp + fp + fn))
    for group, res in totals.items():
        a, b = (sum(res[w]) / len(res[w]) for w in ("alliance", "logic-v2"))
        measure = "false alerts" if group.endswith("neg") else "recall"
        if group.endswith("neg"):
            a, b = 1 - a, 1 - b
        print(f"  {'all ' + group:<20} {len(res['alliance']):>4} {measure:<13} {a:>8.3f} {b:>8.3f}")
        goal = {"org": 0.95, "person": 0.95}.get(group)
        ok &= a >= goal if goal else a <= {"org neg": 0.02, "person neg": 0.005}[group]
    print(f"  {'entity-level F1':<20} {'':>4} {'':<13} {f1s[0]:>8.3f} {f1s[1]:>8.3f}"
          f" {f1s[0] / f1s[1]:>6.2f}")  # fmt: skip
    print("  goals: recall >= logic-v2 per category, >= 0.95 overall; false alerts <= 2 % (orgs),"
          " <= 0.5 % (people); F1 >= 0.93")  # fmt: skip
    return ok and f1s[0] >= 0.93


def print_unlisted_sample(
    count: int, seed: int, show_failures: bool, script: str | None = None
) -> None:
    """Alliance's false-alert rate on ``count`` unlisted people (``unlisted_checks``),
    written in ``script`` where given (``render``, as person-scripts writes them)."""
    from screening_devset import render, unlisted_checks

    screener, _ = real_lists()
    made = unlisted_checks(screener.entries, count, seed)
    if script:
        made = [replace(c, query=render(c.query, script), script=script) for c in made]
    found = screener.screen_many([_dev_query(c) for c in made])
    alerted = 0
    for check, matches in zip(made, found, strict=True):
        if matches:
            alerted += 1
            if show_failures:
                best = matches[0]
                print(f"  ALERT {check.query!r} ~ {best.matched_name!r} {best.score:.3f}")
    written = f", in {script}" if script else ""
    print(f"unlisted people (seed {seed}{written}): {alerted} of {len(made)} alerted"
          f" ({alerted / max(len(made), 1):.1%})")  # fmt: skip


THROUGHPUT_RUNS = 3
NOMENKLATURA_SCHEMA = {"person": "Person", "organisation": "Organization", "vessel": "Vessel",
                       "aircraft": "Airplane", "unknown": "LegalEntity"}  # fmt: skip


def candidate_throughput(screener: Screener, count: int) -> dict[str, float]:
    """Scoring speed on the candidate pairs the index gives for ``count`` queries.

    Queries: planted variants of real listed names and names of unlisted people
    (seeded). Candidates: the index's shortlist for each query, not timed. Each
    side is timed from the raw query strings to the scores of every candidate:
    Alliance normalises each query (memos emptied first) and scores all pairs in
    batches against the names its index prepared at build; nomenklatura builds
    each query entity once and compares it with candidate entities built
    beforehand. A pair is a query and a listed name (entry and alias); Alliance
    also scores the second reading of names that have two (Han, some Cyrillic).
    Each side's best of ``THROUGHPUT_RUNS`` runs, taken in turns.
    """
    from followthemoney import model
    from nomenklatura.matching import get_algorithm

    from alliance.engines.screening.scorer import forget_memos
    from synthetic_names import planted_variants, unlisted_people

    queries = [Query(p.query, kind=p.kind) for p in planted_variants(screener.entries, count // 2)]
    queries += [Query(name, kind="person") for name in unlisted_people(count - len(queries), 5)]
    prepared = [screener.prepare(q) for q in queries]
    pairs: list[tuple[int, int, int]] = []  # query, entry, alias
    for n, p in enumerate(prepared):
        seen = set()
        for row in p.rows.tolist():
            key = (n, int(screener.row_entry[row]), int(screener.row_alias[row]))
            if key not in seen:
                seen.add(key)
                pairs.append(key)

    def alliance_run() -> float:
        forget_memos()
        gc.collect()
        start = time.perf_counter()
        for chunk in range(0, len(queries), SCREEN_BATCH):
            batch = prepared[chunk : chunk + SCREEN_BATCH]
            again = [screener.prepared_with(p.query, p.rows) for p in batch]
            screener.name_scores(again)
        return time.perf_counter() - start

    def schema(n: int, e_idx: int) -> str:
        kind = screener.entries[e_idx].kind
        if kind in ("person", "organisation"):
            return NOMENKLATURA_SCHEMA[kind]
        return NOMENKLATURA_SCHEMA[str(queries[n].kind or "unknown")]

    listed: dict[tuple[int, int, int], EntityProxy] = {}
    for n, e_idx, a_idx in pairs:
        entity = model.make_entity(schema(n, e_idx))
        entity.id = f"e{e_idx}-{a_idx}-{schema(n, e_idx)}"
        entity.add("name", screener.entries[e_idx].all_names()[a_idx])
        listed[(n, e_idx, a_idx)] = entity
    algo = get_algorithm("name-based")
    assert algo is not None
    config = algo.default_config()

    def name_based_run() -> float:
        gc.collect()
        start = time.perf_counter()
        query_entities: dict[tuple[int, str], EntityProxy] = {}
        for n, e_idx, a_idx in pairs:
            q_key = (n, schema(n, e_idx))
            if q_key not in query_entities:
                q_entity = model.make_entity(q_key[1])
                q_entity.id = f"q{n}"
                q_entity.add("name", queries[n].name)
                query_entities[q_key] = q_entity
            algo.compare(query_entities[q_key], listed[(n, e_idx, a_idx)], config)
        return time.perf_counter() - start

    # Best of three runs each, taken in turns, so that a busy moment of the machine
    # does not decide the ratio; every Alliance run starts with its memos emptied.
    ours, theirs = [], []
    for _ in range(THROUGHPUT_RUNS):
        ours.append(alliance_run())
        theirs.append(name_based_run())
    return {
        "queries": len(queries),
        "pairs": len(pairs),
        "alliance_s": min(ours),
        "name_based_s": min(theirs),
    }


SPEED_LISTS = LIST_FILES[:2]  # UN and OFAC SDN, as issue 15 measures
SPEED_WARM_UP = 300
BRUTE_CHUNK = 500


def speed_vs_brute_force(count: int, batch: int = 0, workers: int = 2) -> dict[str, float]:
    """Marginal screening throughput against UN + OFAC SDN next to a brute-force scan,
    in one process, one core each.

    Queries: planted variants of listed names and unlisted people (seeded), new to the
    screener. Alliance: ``screen_many`` end to end (normalising, candidates, scores,
    explanations of the hits) after a warm-up on other queries. Brute force: rapidfuzz
    ``process.cdist`` with ``token_sort_ratio`` (lower-cased) of every query against
    every list name, ``workers=1``, and the best name per query taken. The two take
    ``SPEED_TURNS`` turns, a quarter of the queries each.

    With ``batch``: that many more new queries screened as ``alliance screen --names
    --workers`` does (``workers`` forked processes, chunks of ``SCREEN_BATCH``, JSON lines
    out), next to the brute-force scan on ``workers`` threads (``batch_speed``).
    """
    from alliance.engines.screening.loaders import load_list
    from synthetic_names import planted_variants, unlisted_people

    base = data_dir() / "lists"
    entries = [e for name in SPEED_LISTS for e in load_list(base / name).entries]
    start = time.perf_counter()
    screener = Screener.from_entries(entries)
    built = time.perf_counter() - start
    total = count + SPEED_WARM_UP
    queries = [Query(p.query, kind=p.kind) for p in planted_variants(entries, total // 2)]
    queries += [Query(name, kind="person") for name in unlisted_people(total - len(queries), 9)]
    warm, timed = queries[:SPEED_WARM_UP], queries[SPEED_WARM_UP:]
    screener.screen_many(warm)
    names = [n for e in entries for n in e.all_names()]
    turns = [timed[k::SPEED_TURNS] for k in range(SPEED_TURNS)]
    out = {
        "entries": len(entries),
        "names": len(names),
        "queries": len(timed),
        "build_s": built,
        **_timed_turns(screener, turns, names),
    }
    if batch:
        # Other seeds: other variants and people, in one mix.
        more = [Query(p.query, kind=p.kind) for p in planted_variants(entries, batch // 2, 8)]
        more += [Query(name, kind="person") for name in unlisted_people(batch - len(more), 10)]
        more = random.Random(BATCH_SEED).sample(more, len(more))
        out |= batch_speed(screener, more, names, workers)
    return out


BATCH_SEED = 15


def batch_speed(
    screener: Screener, queries: list[Query], names: list[str], workers: int
) -> dict[str, float]:
    """Wall seconds of screening ``queries`` as the CLI's ``--workers`` does, and of the
    brute-force scan of them on ``workers`` threads, in turns (half the queries each)."""
    import functools

    from alliance.engines.screening.cli import _screened_lines, _Screening

    work = functools.partial(_screened_lines, threshold=DEFAULT_THRESHOLD, limit=10)
    seconds = {"batch_alliance_s": 0.0, "batch_brute_s": 0.0}
    with _Screening(screener, workers) as run:
        # The workers start (fork) here, not in the timed part.
        list(run.map(work, [([{}], [Query("warm up")])] * workers))
        for half in (queries[0::2], queries[1::2]):
            chunks = [
                ([{}] * len(half[k : k + SCREEN_BATCH]), half[k : k + SCREEN_BATCH])
                for k in range(0, len(half), SCREEN_BATCH)
            ]
            start = time.perf_counter()
            lines = sum(len(screened[0]) for screened in run.map(work, chunks))
            seconds["batch_alliance_s"] += time.perf_counter() - start
            assert lines == len(half)
            start = time.perf_counter()
            brute_force([q.name for q in half], names, workers)
            seconds["batch_brute_s"] += time.perf_counter() - start
    return seconds | {"batch_queries": len(queries), "workers": workers}


def brute_force(texts: list[str], names: list[str], workers: int = 1) -> int:
    """rapidfuzz ``cdist`` token_sort_ratio (default processor) of every text against every
    name, on ``workers`` threads, the best name of each taken; how many best names score
    80 or more."""
    import numpy as np
    from rapidfuzz import fuzz, process, utils

    hits = 0
    for chunk in range(0, len(texts), BRUTE_CHUNK):
        scores = process.cdist(texts[chunk : chunk + BRUTE_CHUNK], names,
                               scorer=fuzz.token_sort_ratio, processor=utils.default_process,
                               dtype=np.uint8, workers=workers)  # fmt: skip
        hits += int((scores.max(axis=1) >= 80).sum())
    return hits


SPEED_TURNS = 4


def _timed_turns(
    screener: Screener, turns: list[list[Query]], names: list[str]
) -> dict[str, float]:
    """Wall and CPU seconds of both sides over all the queries, screened in turns (each
    turn's queries by Alliance, then by brute force), so that a busy moment of the shared
    machine weighs on both alike. Every query is new to the screener when it is screened.
    CPU seconds are this process's; both sides run on one thread."""
    seconds = {"alliance_s": 0.0, "brute_s": 0.0, "alliance_cpu_s": 0.0, "brute_cpu_s": 0.0}
    alerted = 0
    for queries in turns:
        texts = [q.name for q in queries]
        for side in ("alliance", "brute"):
            wall, cpu = time.perf_counter(), time.process_time()
            if side == "alliance":
                alerted += sum(1 for m in screener.screen_many(queries) if m)
            else:
                brute_force(texts, names)
            seconds[f"{side}_s"] += time.perf_counter() - wall
            seconds[f"{side}_cpu_s"] += time.process_time() - cpu
    return seconds | {"alerted": alerted}


def print_speed(speed: dict[str, float]) -> None:
    ours = speed["queries"] / speed["alliance_s"]
    brute = speed["queries"] / speed["brute_s"]
    print(
        f"\nSpeed against UN + OFAC SDN ({speed['entries']:,} entries, {speed['names']:,} names;"
        f" index built in {speed['build_s']:.1f} s), {speed['queries']:,} new queries, one core:\n"
        f"  alliance screen_many {ours:,.0f} names/s ({speed['alliance_s']:.2f} s,"
        f" {speed['alerted']:,} with alerts)\n"
        f"  brute force rapidfuzz cdist token_sort_ratio over every name {brute:,.0f} names/s"
        f" ({speed['brute_s']:.2f} s)\n"
        f"  ratio {ours / brute:.2f}x (goal >= 2x); CPU seconds alliance"
        f" {speed['alliance_cpu_s']:.2f}, brute force {speed['brute_cpu_s']:.2f}:"
        f" {speed['brute_cpu_s'] / speed['alliance_cpu_s']:.2f}x ({SPEED_TURNS} turns of each side)"
    )
    if "batch_queries" in speed:
        ours = speed["batch_queries"] / speed["batch_alliance_s"]
        brute = speed["batch_queries"] / speed["batch_brute_s"]
        print(
            f"Batch, {speed['batch_queries']:,} more new queries on {speed['workers']} cores:\n"
            f"  alliance screen --workers {speed['workers']} {ours:,.0f} names/s"
            f" ({speed['batch_alliance_s']:.2f} s; goal >= 5,000 names/s)\n"
            f"  brute force on {speed['workers']} threads {brute:,.0f} names/s"
            f" ({speed['batch_brute_s']:.2f} s); ratio {ours / brute:.2f}x (2 turns of each side)"
        )


class ResidentPeak:
    """The peak resident memory of this process and its children together, sampled
    every 50 ms from /proc (the index build looks up given names in a child)."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> float:
        """Stop sampling; the peak in GB (at least this process's own exact peak)."""
        self._stop.set()
        self._thread.join()
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        return max(self.peak, own) / 1024**3

    def _sample(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        me = Path("/proc/self")
        while not self._stop.wait(0.05):
            pages = int((me / "statm").read_text().split()[1])
            for children in me.glob("task/*/children"):
                for pid in children.read_text().split():
                    try:
                        pages += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
                    except (OSError, IndexError, ValueError):
                        continue  # the child ended meanwhile
            self.peak = max(self.peak, pages * page)


BRUTE_SAMPLE = 200  # queries of the synthetic run also scanned by brute force


def synthetic(count: int, queries: int) -> dict[str, object]:
    """Runs in a child process so that peak RSS measures the index alone."""
    from synthetic_names import planted_variants, synthetic_entries, unlisted_people

    start = time.perf_counter()
    entries = list(synthetic_entries(count))
    generated = time.perf_counter() - start
    resident = ResidentPeak()
    start = time.perf_counter()
    screener = Screener.from_entries(entries)
    built = time.perf_counter() - start
    rss_gb = resident.stop()
    worker_gb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 / 1024
    planted = planted_variants(entries, queries)
    # One-off: rigour's given-name data loads on the first cross-script comparison.
    start = time.perf_counter()
    for a, _ in WARM_UP:
        screener.screen(Query(a, kind="person"))
    warm_up = time.perf_counter() - start
    found: dict[str, list[int]] = {}
    latencies = []
    start, cpu = time.perf_counter(), time.process_time()
    for p in planted:
        t0 = time.perf_counter()
        matches = screener.screen(Query(p.query, kind=p.kind))
        latencies.append(time.perf_counter() - t0)
        found.setdefault(p.variant, []).append(any(m.entry_id == p.entry_id for m in matches))
    elapsed, query_cpu = time.perf_counter() - start, time.process_time() - cpu
    latencies.sort()
    # The brute-force scan of a sample of the same queries over every list name.
    names = [n for e in entries for n in e.all_names()]
    sample = [p.query for p in planted[:BRUTE_SAMPLE]]
    start, cpu = time.perf_counter(), time.process_time()
    brute_force(sample, names)
    brute_s, brute_cpu = time.perf_counter() - start, time.process_time() - cpu
    unlisted = unlisted_people(min(queries, 5000))
    alerts = sum(1 for n in unlisted if screener.screen(Query(n, kind="person")))
    return {
        "names": count,
        "rows": len(screener.rows),
        "generate_s": generated,
        "build_s": built,
        "warm_up_s": warm_up,
        "peak_rss_gb": rss_gb,
        "worker_rss_gb": worker_gb,
        "queries": len(planted),
        "query_s": elapsed,
        "query_cpu_s": query_cpu,
        "brute_queries": len(sample),
        "brute_s": brute_s,
        "brute_cpu_s": brute_cpu,
        "p95_ms": latencies[int(0.95 * len(latencies))] * 1000,
        "recall": {k: sum(v) / len(v) for k, v in found.items()},
        "recall_all": sum(sum(v) for v in found.values()) / len(planted),
        "unlisted_alert_rate": alerts / len(unlisted),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="100,000 synthetic names")
    parser.add_argument("--synthetic-only", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--real-lists-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--throughput-queries", type=int, default=2_000)
    parser.add_argument("--devset-only", action="store_true", help="only the development checks")
    parser.add_argument("--per-category", type=int, default=120)
    parser.add_argument(
        "--speed-only",
        action="store_true",
        help="only the speed against a brute-force scan (UN + OFAC SDN)",
    )
    parser.add_argument("--speed-queries", type=int, default=2_000)
    parser.add_argument(
        "--batch-queries",
        type=int,
        default=0,
        metavar="N",
        help="with --speed-only: also N more queries in batch on --workers cores",
    )
    parser.add_argument("--workers", type=int, default=2, help="with --batch-queries")
    parser.add_argument(
        "--name-bench-only",
        action="store_true",
        help="only name_bench F1 (Alliance and logic-v2) and watchman",
    )
    parser.add_argument(
        "--split",
        choices=("dev", "held-out"),
        action="append",
        help="with --devset-only: only these splits (default both)",
    )
    parser.add_argument(
        "--unlisted-sample",
        type=int,
        metavar="N",
        help="only the false-alert rate on N unlisted people (person-unlisted's generator,"
        " both splits' entries, seeded by --seed)",
    )
    parser.add_argument("--seed", type=int, default=1, help="with --unlisted-sample")
    parser.add_argument(
        "--unlisted-script",
        choices=("Hangul", "Katakana", "Cyrillic", "Greek", "Arabic", "Hebrew"),
        action="append",
        help="with --unlisted-sample: the same people written in this script (repeatable)",
    )
    parser.add_argument(
        "--show-failures",
        action="store_true",
        help="with --devset-only: print Alliance's wrong outcomes",
    )
    args = parser.parse_args()
    if args.synthetic_only:
        print(json.dumps(synthetic(args.synthetic_only, args.queries)))
        return 0
    if args.real_lists_only:
        print(json.dumps(real_lists()[1]))
        return 0

    ok = True
    if args.speed_only:
        print_speed(speed_vs_brute_force(args.speed_queries, args.batch_queries, args.workers))
        return 0
    if args.name_bench_only:
        cases = bench_cases()
        p, r, f1 = prf(alliance_quality(cases)[0], DEFAULT_THRESHOLD)
        print(f"name_bench ({len(cases)} pairs): alliance P {p:.3f} R {r:.3f} F1 {f1:.3f}")
        p, r, f = prf(nomenklatura_quality(cases, "logic-v2")[0], YENTE_THRESHOLD)
        print(f"name_bench: logic-v2 P {p:.3f} R {r:.3f} F1 {f:.3f}")
        pairs = cross_script()
        passed = sum(1 for _, _, m, sc in pairs if sc >= m)
        print(f"watchman cross-script pairs at or above minimum: {passed}/{len(pairs)}")
        return 0
    if args.unlisted_sample:
        for script in args.unlisted_script or (None,):
            print_unlisted_sample(args.unlisted_sample, args.seed, args.show_failures, script)
        return 0
    if args.devset_only:
        screener, _ = real_lists()
        for split in args.split or ("dev", "held-out"):
            print_devset(split, devset(screener, split, args.per_category, args.show_failures))
        return 0
    cases = bench_cases()
    print(f"Name pairs: {len(cases)} (nomenklatura name_bench_cases.csv)\n")
    print(
        f"{'matcher':<12} {'threshold':>9} {'precision':>9} {'recall':>7} {'F1':>6} {'time s':>7}"
    )
    ours, our_time = alliance_quality(cases)
    p, r, f1 = prf(ours, DEFAULT_THRESHOLD)
    print(
        f"{'alliance':<12} {DEFAULT_THRESHOLD:>9.2f} {p:>9.3f} {r:>7.3f} {f1:>6.3f}"
        f" {our_time:>7.3f}"
    )
    best_other, name_based_time = 0.0, 0.0
    for algorithm in ("logic-v2", "logic-v1", "name-based"):
        theirs, their_time = nomenklatura_quality(cases, algorithm)
        p, r, f = prf(theirs, YENTE_THRESHOLD)
        best_other = max(best_other, f)
        if algorithm == "name-based":
            name_based_time = their_time
        print(
            f"{algorithm:<12} {YENTE_THRESHOLD:>9.2f} {p:>9.3f} {r:>7.3f} {f:>6.3f}"
            f" {their_time:>7.3f}"
        )
    print(f"\nF1 alliance / best nomenklatura: {f1:.3f} / {best_other:.3f} = {f1 / best_other:.3f}")
    ok &= f1 > best_other

    pairs = cross_script()
    failing = [(q, e, m, s) for q, e, m, s in pairs if s < m]
    print(
        f"\nCross-script pairs (watchman): {len(pairs) - len(failing)}/{len(pairs)}"
        " at or above minimum"
    )
    for q, e, m, s in failing:
        print(f"  BELOW: {q} ~ {e}: {s:.2f} < {m:.2f}")
    ok &= not failing

    ratio = name_based_time / our_time if our_time else float("inf")
    print(
        f"\nName pairs end to end, both names of each of the {len(cases)} pairs new"
        " (alliance normalises both names, no index; nomenklatura builds two entities):\n"
        f"  alliance {len(cases) / our_time:,.0f} pairs/s, "
        f"name-based {len(cases) / name_based_time:,.0f} pairs/s, ratio {ratio:.1f}x"
    )

    screener, lists = real_lists()
    speed = candidate_throughput(screener, args.throughput_queries)
    ratio = speed["name_based_s"] / speed["alliance_s"]
    print(
        f"\nScoring throughput on the index's candidate pairs for {speed['queries']:,} queries"
        f" against the real lists ({speed['pairs']:,} pairs of a query and a listed name):\n"
        f"  alliance {speed['pairs'] / speed['alliance_s']:,.0f} pairs/s, name-based"
        f" {speed['pairs'] / speed['name_based_s']:,.0f} pairs/s, ratio {ratio:.1f}x (goal >= 10x;"
        f" best of {THROUGHPUT_RUNS} runs each, in turns)"
    )
    ok &= ratio >= 10
    # In a fresh process the build also loads rigour's name data and numba's kernels.
    child = subprocess.run(
        [sys.executable, __file__, "--real-lists-only"], capture_output=True, text=True, check=True
    )
    fresh = json.loads(child.stdout.strip().splitlines()[-1])
    print(
        f"\nReal lists: {lists['entries']:,} entries, {lists['rows']:,} name rows; "
        f"loaded in {lists['load_s']:.1f} s, index built in {fresh['build_s']:.2f} s in a fresh"
        f" process (goal < 10 s; {lists['build_s']:.2f} s in this one, name data loaded)"
    )
    ok &= fresh["build_s"] < 10

    count = 100_000 if args.quick else 1_000_000
    child = subprocess.run(
        [sys.executable, __file__, "--synthetic-only", str(count), "--queries", str(args.queries)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    syn = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"\nSynthetic list: {syn['names']:,} entries ({syn['rows']:,} name rows)")
    print(f"  one-off warm-up (transliterators, rigour name data): {syn['warm_up_s']:.1f} s")
    rows = [
        ("index build s", syn["build_s"], 60.0),
        ("peak RSS GB", syn["peak_rss_gb"], 3.0),
        (f"{syn['queries']:,} queries s", syn["query_s"], 60.0),
        ("single query p95 ms", syn["p95_ms"], 20.0),
    ]
    for label, value, goal in rows:
        print(f"  {label:<22} {value:>8.2f}  goal < {goal:<6} ratio to goal {value / goal:.2f}")
        ok &= value < goal
    print(
        "  (peak RSS: the building process and the process that looked up given names"
        f" beside it, together; that one's own peak: {syn['worker_rss_gb']:.2f} GB)"
    )
    print(
        f"  planted-variant recall at {DEFAULT_THRESHOLD:.2f}: {syn['recall_all']:.3f}"
        " (goal >= 0.98)"
    )
    for variant, value in sorted(syn["recall"].items()):
        print(f"    {variant:<16} {value:.3f}")
    print(f"  unlisted people alerted: {syn['unlisted_alert_rate']:.3%}")
    ours = syn["query_s"] / syn["queries"]
    brute = syn["brute_s"] / syn["brute_queries"]
    print(
        f"  one query at a time {ours * 1000:.2f} ms, brute-force scan of every name"
        f" ({syn['brute_queries']} of the queries) {brute * 1000:.1f} ms: {brute / ours:.1f}x"
        " (goal >= 10x); CPU per query"
        f" {syn['query_cpu_s'] / syn['queries'] * 1000:.2f} ms vs"
        f" {syn['brute_cpu_s'] / syn['brute_queries'] * 1000:.1f} ms"
    )
    ok &= brute / ours >= 10
    ok &= syn["recall_all"] >= 0.98
    print("\nALL GOALS MET" if ok else "\nSOME GOALS NOT MET")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
