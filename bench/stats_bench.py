"""Statistics benchmark: the annual indicator (a protected release) over a demo database.

    .venv/bin/python bench/stats_bench.py --database-url URL [--generate N] [--clone-to N]
                                          [--contacts-per-person C] [--runs 3] [--out bench/RESULTS.md]

Runs over whatever database the demo generator produced (``caseapp demo
--persons N`` with CASEAPP_DATABASE_URL=URL). With ``--generate N`` it makes
one itself first on an EMPTY database (a scratch one: ``createdb -h
127.0.0.1 caseapp_stats_bench``; SQLite: a new file). ``--contacts-per-person
C`` then adds plain contacts (no note) through Core until there are C per
person, so the contact volume of the national scale (10 per person) is
reached without generating every person through the forms' services.

What is timed: making the match keys of every person once (what ``caseapp
stats match-keys`` does after a bulk import), then ``make_release`` for the
last 365 days (counting in SQL, suppression, the attacker check, the three
files), best and median of ``--runs``, each rolled back so the ledger stays
empty; and a rerun of the same period after one release (the ledger then
holds it). PostgreSQL's tables are analysed first, as autovacuum would in
production. Results are printed and appended to --out.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from caseapp import create_app  # noqa: E402
from caseapp.cases.models import Case  # noqa: E402
from caseapp.contacts.models import Contact, PlaceType  # noqa: E402
from caseapp.demo.services import add_demo_persons, create_demo_data, demo_data_present  # noqa: E402
from caseapp.extensions import db  # noqa: E402
from caseapp.persons.models import Person  # noqa: E402
from caseapp.stats import counting, disclosure, layout, matching, services  # noqa: E402

GOAL_SECONDS = 2.0
CHUNK = 10_000


def main():
    """Generate if asked, then time the annual release."""
    args = parse_args()
    os.environ.setdefault("CASEAPP_CONFIG", "development")
    app = create_app(os.environ["CASEAPP_CONFIG"], overrides={"SQLALCHEMY_DATABASE_URI": args.database_url})
    lines = []
    with app.app_context():
        if args.generate:
            generate(args.generate)
        if args.clone_to:
            clone_persons(args.clone_to)
        if args.contacts_per_person:
            top_up_contacts(args.contacts_per_person)
        if db.engine.dialect.name == "postgresql":
            # Production runs autovacuum, which keeps table statistics; this scratch database may not.
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        today = date.today()
        period = (today - timedelta(days=364), today)
        sizes = {name: db.session.scalar(select(func.count()).select_from(model))
                 for name, model in (("persons", Person), ("cases", Case), ("contacts", Contact))}
        report(lines, f"## {db.engine.dialect.name}, {sizes['persons']:,} persons, {sizes['cases']:,} cases, "
                      f"{sizes['contacts']:,} contacts — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
        report(lines, f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}. "
                      f"Period {period[0]} to {period[1]}, installation scope.")
        made, seconds = timed(refresh_all_keys)
        db.session.commit()
        report(lines, f"- match keys made once for {made:,} persons: {seconds:.1f} s")
        steps, cells = time_steps(period)
        report(lines, "- one release, by step (best of 3): " + ", ".join(
            f"{name} {seconds:.3f} s" for name, seconds in steps.items()) + f"; {cells[1]} of {cells[0]} cells "
            "suppressed")
        totals = [timed(lambda: release(period))[1] for _ in range(args.runs)]
        report(lines, f"- **annual release, first of its period: best {min(totals):.2f} s, median "
                      f"{statistics.median(totals):.2f} s** (goal < {GOAL_SECONDS:.0f} s; {args.runs} runs)")
        rerun = time_rerun(period)
        report(lines, f"- annual release again, the ledger holding the first: {rerun:.2f} s")
        # Half the cases were opened before this period: their persons' contacts are looked up.
        half = (today - timedelta(days=181), today)
        totals = [timed(lambda: release(half))[1] for _ in range(args.runs)]
        report(lines, f"- release of the last 182 days: best {min(totals):.2f} s, median {statistics.median(totals):.2f} s")
    if args.out:
        with open(args.out, "a", encoding="utf-8") as handle:
            handle.write("\n" + "\n".join(lines) + "\n")


def parse_args():
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--generate", type=int, default=0, help="make N demo persons first (empty database)")
    parser.add_argument("--clone-to", type=int, default=0,
                        help="copy the generated persons with their cases until there are N persons")
    parser.add_argument("--contacts-per-person", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default=None)
    return parser.parse_args()


def generate(persons):
    """The demo installation and ``persons`` demo persons, in chunks, committed."""
    from flask_migrate import upgrade

    upgrade()
    if not demo_data_present():
        create_demo_data()
        db.session.commit()
    done = 0
    while done < persons:
        count = min(2_000, persons - done)
        add_demo_persons(count, seed=1000 + done)
        db.session.commit()
        done += count
        print(f"  generated {done:,} persons", file=sys.stderr)


def clone_persons(target):
    """Copy persons (ciphertexts as they are, no match keys) with their cases until ``target`` persons.

    Bench filler for the scale the demo generator cannot reach here: the
    copies count like their originals but match nobody.
    """
    from caseapp.stats.models import KeyedPerson

    persons, cases = Person.__table__, Case.__table__
    originals = [dict(row) for row in db.session.execute(select(persons)).mappings()]
    by_person = {}
    for row in db.session.execute(select(cases)).mappings():
        by_person.setdefault(row["person_id"], []).append(dict(row))
    have = len(originals)
    while have < target:
        batch = originals[: min(len(originals), target - have)]
        new_persons, new_cases, keyed = [], [], []
        for row in batch:
            person_id = uuid.uuid4()
            new_persons.append({**row, "id": person_id})
            keyed.append({"person_id": person_id, "person_version": row["version"]})
            new_cases += [{**case, "id": uuid.uuid4(), "person_id": person_id} for case in by_person.get(row["id"], [])]
        for table, rows in ((persons, new_persons), (cases, new_cases), (KeyedPerson.__table__, keyed)):
            for start in range(0, len(rows), CHUNK):
                db.session.execute(insert(table), rows[start:start + CHUNK])
        db.session.commit()
        have += len(batch)
        print(f"  cloned up to {have:,} persons", file=sys.stderr)


def top_up_contacts(per_person):
    """Plain contacts (no note) spread over the last year until each person has ``per_person`` on average."""
    rng = random.Random(5)  # nosec B311 - reproducible benchmark filler, not a secret
    persons = db.session.execute(select(Person.id, Person.organisation_id)).all()
    have = db.session.scalar(select(func.count()).select_from(Contact))
    missing = per_person * len(persons) - have
    now = datetime.now(UTC)
    rows = []
    for _ in range(max(missing, 0)):
        person_id, organisation_id = rng.choice(persons)
        rows.append(dict(id=uuid.uuid4(), organisation_id=organisation_id, person_id=person_id,
                         occurred_at=now - timedelta(minutes=rng.randrange(365 * 24 * 60)),
                         place_type=rng.choice(list(PlaceType)), interpreter_used=False, indicators="",
                         services="", version=1))
        if len(rows) == CHUNK:
            db.session.execute(insert(Contact), rows)
            rows = []
    if rows:
        db.session.execute(insert(Contact), rows)
    db.session.commit()


def refresh_all_keys():
    """Make every stale person's match keys; return how many."""
    stale = matching.stale_person_ids()
    matching.refresh_keys(stale)
    return len(stale)


def release(period):
    """One release of ``period``, rolled back."""
    try:
        services.make_release(services.ReleaseRequest(*period, None, "en"))
    finally:
        db.session.rollback()


def time_steps(period, runs=3):
    """Best time of each step of a release: counting, suppression, attacker check."""
    best = {}
    for _ in range(runs):
        scope = services.scope_ids(None)
        pieces = layout.segments([period])
        counts, seconds = timed(lambda: counting.count(scope, period, pieces))
        best["counting (SQL)"] = min(best.get("counting (SQL)", seconds), seconds)
        shapes = [services._new_shape(period, counts, pieces, 5)]
        frame = layout.Builder(shapes, counts.identified, pieces).frame()
        _, seconds = timed(lambda: disclosure.protect(frame, 5))
        best["suppression"] = min(best.get("suppression", seconds), seconds)
        _, seconds = timed(lambda: disclosure.attack(frame, 5))
        best["attacker check"] = min(best.get("attacker check", seconds), seconds)
    return best, (len(frame.cells), sum(cell.suppressed for cell in frame.cells))


def time_rerun(period):
    """A second release of the same period while the ledger holds the first; both rolled back."""
    try:
        services.make_release(services.ReleaseRequest(*period, None, "en"))
        db.session.flush()
        _, seconds = timed(lambda: services.make_release(services.ReleaseRequest(*period, None, "en")))
    finally:
        db.session.rollback()
    return seconds


def timed(function):
    """(result, seconds) of calling ``function``."""
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def report(lines, line):
    """Print ``line`` and keep it for the results file."""
    print(line)
    lines.append(line)


if __name__ == "__main__":
    main()
