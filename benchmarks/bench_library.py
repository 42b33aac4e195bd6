"""The quote library under load (issue 15). Fills a library with 100,000
quotes (1 to 5 revisions each, 3 on average, real saved-quote files sharing
the sample catalogs, a decision on some, an event per revision), then times
on SQLite and on PostgreSQL:

- a filtered list page of 50 (target < 50 ms): by customer text, by plan
  and status, by TCV range, and the first page unfiltered;
- opening a quote's history, its revisions and events (target < 20 ms);
- storing a revision, priced (target < 30 ms);

and runs 16 concurrent writers for 30 s against PostgreSQL, storing
revisions of four shared quotes and of their own: then checks that no
revision was lost, numbers are unique and without gaps per quote, and every
revision has its event.

The fill writes rows in bulk (the summary columns are synthetic; each
content hash is the real SHA-256 of its file). PostgreSQL is the throw-away
server of tests/postgres_server.py.
Run: python benchmarks/bench_library.py [--quotes N] [--seconds S] [--writers W] [--no-postgres]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from sqlalchemy import func, select  # noqa: E402
from support import median_ms  # noqa: E402

from quotewright.domain import library as rules  # noqa: E402
from quotewright.domain.quote import Quote  # noqa: E402
from quotewright.storage.documents import load_quote, quote_file_data  # noqa: E402
from quotewright.storage.library import open_library  # noqa: E402
from quotewright.storage.library.schema import decisions, events, quotes, revisions, snapshots  # noqa: E402
from quotewright.storage.library.store import now_text  # noqa: E402

SAMPLES = sorted((ROOT / "resources" / "quotes").glob("*.json"))
WORDS = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka", "Tyrell", "Cyberdyne"]
BATCH = 2000


def templates():
    found = []
    for path in SAMPLES:
        loaded = load_quote(path)
        data = quote_file_data(loaded.quote, loaded.catalog)
        found.append((loaded, data, [level.role for level in loaded.catalog.approval.levels]))
    return found


def fill(library, count: int, seed: int = 15) -> None:
    """`count` quotes with 1-5 revisions each, written in bulk."""
    rng = random.Random(seed)
    samples = templates()
    at = now_text()
    with library.writing() as connection:
        if library.team:  # the administrator's bulk load: the index rows are written whole
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for _, data, _ in samples:
            library._keep_snapshot(connection, data["catalog_sha256"], rules.content_text(data["catalog"]))
        quote_rows, revision_rows, decision_rows, event_rows = [], [], [], []

        def flush(final: bool = False) -> None:
            if len(revision_rows) >= BATCH or final:
                for table, rows in ((quotes, quote_rows), (revisions, revision_rows), (decisions, decision_rows),
                                    (events, event_rows)):
                    if rows:
                        connection.execute(table.insert(), rows)
                        rows.clear()

        for index in range(count):
            loaded, data, levels = samples[index % len(samples)]
            quote_id = f"BQ-{index:06d}"
            customer = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {index % 7919}"
            parent = None
            level_index = index % 3
            for number in range(1, 1 + rng.randint(1, 5)):
                body = {**data, "id": quote_id, "customer": {**data["customer"], "name": customer},
                        "seats": number + index % 50}
                content_hash = rules.content_hash(body)
                stamp = f"2026-{1 + index % 12:02d}-{1 + index % 28:02d}T{number:02d}:00:00.{index:06d}Z"
                revision_id = rules.revision_id(quote_id, content_hash, parent, "bench", stamp)
                tcv_e4 = rng.randint(1_000, 2_000_000) * 10_000
                revision_rows.append({
                    "revision_id": revision_id, "quote_id": quote_id, "number": number,
                    "content_hash": content_hash, "catalog_sha256": data["catalog_sha256"],
                    "content": rules.content_text({k: v for k, v in body.items() if k != "catalog"}),
                    "parent_id": parent, "author": "bench", "stored_at": stamp, "customer": customer,
                    "plan": loaded.quote.plan, "currency": loaded.catalog.currency, "tcv_e4": tcv_e4,
                    "level_index": level_index, "levels": json.dumps(levels), "valid_until": "2027-06-30"})
                event_rows.append({"event_id": rules.event_id(rules.REVISION_STORED, quote_id, "bench", stamp,
                                                              {"number": number}),
                                   "kind": rules.REVISION_STORED, "quote_id": quote_id, "who": "bench", "at": stamp,
                                   "detail": json.dumps({"number": number})})
                parent = revision_id
            approved = bool(level_index and index % 4 == 0)
            if approved:
                decision_rows.append({"decision_id": f"{index:064d}", "quote_id": quote_id,
                                      "content_hash": content_hash, "kind": rules.APPROVE,
                                      "role": levels[level_index], "role_index": level_index,
                                      "decided_by": "bench", "decided_at": stamp, "comment": ""})
            quote_rows.append({"id": quote_id, "customer": customer, "latest_number": number,
                               "latest_revision": revision_id, "latest_hash": content_hash,
                               "plan": loaded.quote.plan, "currency": loaded.catalog.currency, "tcv_e4": tcv_e4,
                               "level_index": level_index, "valid_until": "2027-06-30",
                               "updated_at": stamp if index % 1000 else at,
                               "status": rules.READY if not level_index else
                               rules.APPROVED if approved else rules.NEEDS_APPROVAL})
            flush()
        flush(final=True)
    with library.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()


def time_reads(library, repeat: int = 20) -> dict[str, float]:
    rng = random.Random(7)
    ids = [f"BQ-{rng.randrange(library.count_quotes()):06d}" for _ in range(repeat + 1)]
    pages = {
        "list: first page": lambda: library.list_quotes(),
        "list: customer text": lambda: library.list_quotes(customer="globex hooli"),
        "list: plan + needs approval": lambda: library.list_quotes(plan="growth", status=rules.NEEDS_APPROVAL),
        "list: approved": lambda: library.list_quotes(status=rules.APPROVED),
        "list: TCV range": lambda: library.list_quotes(min_tcv=Decimal("500000"), max_tcv=Decimal("750000")),
    }
    figures = {name: median_ms(work, repeat) for name, work in pages.items()}
    history = iter(ids)
    figures["history (revisions + events)"] = median_ms(
        lambda: (library.revisions(next(history)), library.history(next(history))), repeat // 2 - 1)
    loaded = load_quote(SAMPLES[0])
    seats = iter(range(1000, 2000))
    store = iter(ids)

    def store_one():
        quote = Quote.model_validate({**loaded.quote.model_dump(mode="json"), "id": next(store), "seats": next(seats)})
        assert library.store(quote, loaded.catalog, "bench").added

    figures["store a revision"] = median_ms(store_one, repeat)
    return figures


def _writer(url: str, writer: int, seconds: float, shared: list[str], results) -> None:
    library = open_library(url)
    loaded = load_quote(SAMPLES[0])
    rng = random.Random(writer)
    stored = []
    deadline = time.monotonic() + seconds
    step = 0
    while time.monotonic() < deadline:
        quote_id = rng.choice(shared) if step % 2 else f"W-{writer:02d}"
        quote = Quote.model_validate({**loaded.quote.model_dump(mode="json"), "id": quote_id,
                                      "seats": writer * 1_000_000 + step})
        result = library.store(quote, loaded.catalog, f"writer {writer}")
        stored.append((result.quote_id, result.number, result.content_hash))
        step += 1
    library.close()
    results.put(stored)


def concurrent_writers(url: str, writers: int, seconds: float) -> str:
    shared = ["SHARED-1", "SHARED-2", "SHARED-3", "SHARED-4"]
    results = multiprocessing.get_context("spawn").Queue()
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_writer, args=(url, n, seconds, shared, results)) for n in range(writers)]
    for process in processes:
        process.start()
    stored = [item for _ in processes for item in results.get(timeout=seconds + 120)]
    for process in processes:
        process.join()
    library = open_library(url)
    try:
        problems = []
        for quote_id in shared + [f"W-{n:02d}" for n in range(writers)]:
            found = library.revisions(quote_id)
            numbers = [r.number for r in found]
            if numbers != list(range(1, len(found) + 1)):
                problems.append(f"{quote_id}: numbers {numbers[:5]}... are not 1..{len(found)}")
            mine = [(q, n, h) for q, n, h in stored if q == quote_id]
            if sorted(mine) != sorted((quote_id, r.number, r.content_hash) for r in found):
                problems.append(f"{quote_id}: {len(mine)} stored, {len(found)} in the library")
            logged = [e for e in library.history(quote_id) if e["kind"] == rules.REVISION_STORED]
            if sorted(e["detail"]["content_hash"] for e in logged) != sorted(r.content_hash for r in found):
                problems.append(f"{quote_id}: events do not match revisions")
    finally:
        library.close()
    verdict = "no revision lost, numbers 1..n per quote, every event present" if not problems else "; ".join(problems)
    return f"{len(stored)} revisions by {writers} writers in {seconds:.0f} s ({len(stored) / seconds:.0f}/s): {verdict}"


def sizes(library) -> str:
    with library.reading() as connection:
        found = {table.name: connection.execute(select(func.count()).select_from(table)).scalar()
                 for table in (quotes, revisions, snapshots, decisions, events)}
    return ", ".join(f"{count:,} {name}" for name, count in found.items())


def report(kind: str, figures: dict[str, float], fill_seconds: float, count: int) -> None:
    print(f"\n{kind}: {count:,} quotes filled in {fill_seconds:.0f} s")
    targets = {"store a revision": 30, "history (revisions + events)": 20}
    for name, ms in figures.items():
        target = targets.get(name, 50)
        print(f"  {name:<32} {ms:7.1f} ms  (target < {target} ms){'' if ms < target else '  OVER'}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        library = open_library(f"sqlite:///{folder}/bench.sqlite3")
        start = time.perf_counter()
        fill(library, args.quotes)
        report("SQLite", time_reads(library), time.perf_counter() - start, args.quotes)
        print(f"  {sizes(library)}")
        library.close()
    if args.no_postgres:
        return 0
    from postgres_server import start_server

    server = start_server()
    try:
        url = server.url(server.new_database())
        library = open_library(url)
        start = time.perf_counter()
        fill(library, args.quotes)
        report("PostgreSQL", time_reads(library), time.perf_counter() - start, args.quotes)
        print(f"  {sizes(library)}")
        library.close()
        concurrent = server.url(server.new_database())
        open_library(concurrent).close()
        print(f"  concurrent: {concurrent_writers(concurrent, args.writers, args.seconds)}")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
