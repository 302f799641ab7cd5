"""The Markdown table of the latest page benchmark on each database, against the goals and the run before.

    .venv/bin/python bench/results_table.py          (prints; paste into bench/RESULTS.md)

Reads bench/results/<date>-<database>.json as written by pages_bench.py.
"""

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
GOALS = {"list": 50, "board": 50, "task": 50, "search": 20, "record": 30}
DATABASES = ("sqlite", "postgresql")


def runs(database):
    """The database's runs, oldest first."""
    return [json.loads(path.read_text()) for path in sorted(RESULTS.glob(f"*-{database}.json"))]


def cell(latest, previous, name):
    """p95 (× floor, throughput share) of the latest run, and the previous run's p95 when there was one."""
    row = latest["pages"].get(name)
    if row is None:
        return "–"
    before = previous["pages"].get(name) if previous else None
    was = f" (was {before['p95']})" if before else ""
    return f"{row['p95']}{was}; {row['ratio_p50']}×, {row['throughput_share']:.0%}"


def verdict(rows, kind):
    """met / missed against the p95 goal and, for lists, the throughput share of 30%."""
    goal = GOALS.get(kind)
    if goal is None:
        return ""
    slow = [row for row in rows if row and row["p95"] > goal]
    thin = [row for row in rows if row and kind == "list" and row["throughput_share"] < 0.30]
    return "met" if not slow and not thin else "missed: " + ", ".join(
        (["p95"] if slow else []) + (["throughput"] if thin else []))


def main():
    """Print the table."""
    latest = {database: (runs(database) or [None])[-1] for database in DATABASES}
    previous = {database: (runs(database)[-2] if len(runs(database)) > 1 else None) for database in DATABASES}
    names = list(dict.fromkeys(name for run in latest.values() if run for name in run["pages"]))
    print("| page | goal p95 | SQLite p95 ms (previous); p50 × floor, throughput share | PostgreSQL, the same | verdict |")
    print("|---|---|---|---|---|")
    for name in names:
        rows = [latest[database]["pages"].get(name) for database in DATABASES if latest[database]]
        kind = next(row["kind"] for row in rows if row)
        goal = f"≤ {GOALS[kind]} ms" if kind in GOALS else "floor"
        sqlite, postgres = (cell(latest[d], previous[d], name) if latest[d] else "–" for d in DATABASES)
        print(f"| {name} | {goal} | {sqlite} | {postgres} | {verdict(rows, kind)} |")
    for database, run in latest.items():
        if run:
            print(f"\n{database}: {run['date']}, {run['persons']:,} persons, generated in "
                  f"{run.get('generation_seconds') or '(already there)'} s, load average {run['machine']['load_average'][0]:.1f}")


if __name__ == "__main__":
    main()
