"""Shadow billing end to end (PRICING.md 13) beside the floor.

For 1 million and 10 million generated records (a CSV that DuckDB writes:
three work units over 13 months, a fifth of the quantities empty, the rest
with one decimal), this times, each in a fresh process:

- `quotewright shadow` end to end: start-up, the catalog, reading, checking
  and summing every record exactly (DuckDB), sorting into months, pricing
  every plan and printing the JSON;
- the floor: DuckDB alone running the same GROUP BY work_unit, month over
  the same file, with its own type detection (floats, no checks).

It prints wall time, CPU time and peak RSS of both and their ratio.
Targets: at most 1.5x the floor at 10 million records, RSS under 1 GB,
cost linear in records (the per-record times of both sizes close).

    .venv/bin/python benchmarks/bench_shadow.py [--sizes 1000000,10000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
VECTOR = REPO.parent / "shared" / "vectors" / "next" / "shadow" / "four-months-unknown-unit-before-start.json"
START = "2026-01-01"

_FLOOR = """
import sys, duckdb
from quotewright.domain.shadow import month_starts
import datetime as dt
starts = month_starts(dt.date.fromisoformat(sys.argv[2]))
first, end = (int(s.timestamp()) * 1_000_000 for s in (starts[0], starts[-1]))
offsets = [(s - starts[0]).days for s in starts]
day = f"(epoch_us(timestamp) - {first}) // 86400000000"
rows = duckdb.sql(f"SELECT work_unit, {day} AS day, count(*), sum(quantity) FROM read_csv('{sys.argv[1]}') "
                  f"WHERE epoch_us(timestamp) >= {first} AND epoch_us(timestamp) < {end} GROUP BY ALL").fetchall()
import bisect
months = {}
for unit, d, n, q in rows:
    key = (unit, bisect.bisect_right(offsets, d))
    months[key] = months.get(key, 0) + (q or 0)
print(len(months))
import resource
print("RSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""

_SHADOW = """
import argparse, sys
from quotewright import shadow_command
parser = argparse.ArgumentParser()
shadow_command.add_arguments(parser)
status = shadow_command.run(parser.parse_args(sys.argv[1:]))
import resource
print("RSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(status)
"""


def generate(path: Path, records: int) -> float:
    started = time.perf_counter()
    duckdb.sql(
        f"""COPY (SELECT strftime(TIMESTAMP '2026-01-01' + to_microseconds(CAST(hash(i) % (395::BIGINT * 86400000000)
                 AS BIGINT)), '%Y-%m-%dT%H:%M:%SZ') AS timestamp,
                 ['doc_summary', 'enrichment', 'workflow'][1 + (i % 3)::INT] AS work_unit,
                 CASE WHEN i % 5 = 0 THEN NULL ELSE CAST(i % 1000 AS VARCHAR) || '.5' END AS quantity
             FROM range({records}) t(i)) TO '{path}' (HEADER, DELIMITER ',')"""
    )
    return time.perf_counter() - started


def measure(argv: list[str]) -> tuple[float, float, float, str]:
    """Wall s, CPU s and peak RSS MB of one fresh process (which reports
    its own peak: the children's figure is the largest of all so far), and
    its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{argv[:3]} failed: {done.stderr.strip()}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    rss = int(done.stderr.rsplit("RSS ", 1)[1].split()[0]) / 1024  # this process's own peak, in MB
    return wall, cpu, rss, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    options = parser.parse_args()
    vector = json.loads(VECTOR.read_text("utf-8"))
    with tempfile.TemporaryDirectory() as scratch:
        folder = options.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        catalog = folder / "catalog.json"
        catalog.write_text(json.dumps(vector["catalog"]), "utf-8")
        print(f"{'records':>11}  {'shadow wall':>11}  {'cpu':>6}  {'RSS MB':>6}  {'floor wall':>10}  {'cpu':>6}  "
              f"{'RSS MB':>6}  {'ratio wall':>10}  {'ratio cpu':>9}  {'us/record':>9}")
        for records in (int(size) for size in options.sizes.split(",")):
            usage = folder / f"usage-{records}.csv"
            if not usage.exists():
                generate(usage, records)
            floor = measure([sys.executable, "-c", _FLOOR, str(usage), START])
            shadow = measure([sys.executable, "-c", _SHADOW, str(usage), "--catalog", str(catalog),
                              "--start", START, "--json"])
            result = json.loads(shadow[3])
            assert result["records"] == records, result["records"]
            print(f"{records:>11,}  {shadow[0]:>10.2f}s  {shadow[1]:>5.1f}s  {shadow[2]:>6.0f}  {floor[0]:>9.2f}s  "
                  f"{floor[1]:>5.1f}s  {floor[2]:>6.0f}  {shadow[0] / floor[0]:>9.2f}x  {shadow[1] / floor[1]:>8.2f}x  "
                  f"{shadow[0] / records * 1e6:>9.3f}", flush=True)


if __name__ == "__main__":
    main()
