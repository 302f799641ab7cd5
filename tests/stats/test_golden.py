"""Golden tables on the fixed dataset of ``tests/stats/conftest.py``: the figures a coordinator would publish."""

import json

from sqlalchemy import delete

from caseapp.extensions import db
from caseapp.stats import counting, matching, services
from caseapp.stats.formats import PUBLISHED, SUPPRESSED
from caseapp.stats.models import MatchKey
from tests.stats.conftest import YEAR, cell


def counted():
    """The installation's 2025 counts, with every match key made first."""
    matching.refresh_keys(matching.stale_person_ids())
    return counting.count(services.scope_ids(None), YEAR)


def release_document(organisation_id=None, period=YEAR):
    """The JSON document of a new release of ``period``."""
    release = services.make_release(services.ReleaseRequest(*period, organisation_id, "en"))
    return json.loads(next(f for f in release.files if f.format == "json").content)


# (table, row, column): value, for the installation in 2025.
INSTALLATION = {
    ("presumed_by_sex", "Feminine", "persons"): 24,
    ("presumed_by_sex", "Masculine", "persons"): 6,
    ("presumed_by_sex", "total", "persons"): 30,
    ("presumed_by_exploitation", "sexual", "persons"): 24,
    ("presumed_by_exploitation", "forced_labour", "persons"): 6,
    ("presumed_by_citizenship", "other_eu", "persons"): 19,
    ("presumed_by_citizenship", "RO", "persons"): 14,
    ("presumed_by_citizenship", "BG", "persons"): 5,
    ("presumed_by_citizenship", "non_eu", "persons"): 11,
    ("identified_by_sex", "Feminine", "total"): 21,
    ("identified_by_sex", "Masculine", "total"): 6,
    ("identified_by_sex", "total", "police"): 18,
    ("identified_by_sex", "total", "total"): 27,
    ("identified_by_age", "27-29", "police"): 6,
    ("identified_by_age", "30-38", "total"): 13,
    ("identified_by_citizenship", "RO", "total"): 14,
    ("identified_by_exploitation", "sexual", "total"): 21,
}
SUPPRESSED_CELLS = [
    ("presumed_by_age", "9-17", "persons"),
    ("identified_by_sex", "total", "cmm"),
    ("identified_by_sex", "total", "court"),
    ("identified_by_citizenship", "NG", "cmm"),
]


def test_installation_figures(world):
    """The statistics coordinator's 2025 release holds the expected number of persons in each of these cells."""
    document = release_document()
    found = {key: cell(document, *key) for key in INSTALLATION}
    assert found == {key: (value, PUBLISHED) for key, value in INSTALLATION.items()}


def test_small_cells_and_what_reveals_them_are_suppressed_not_zero(world):
    """Cells of 1 to 4 persons carry no value and say suppressed; none is shown as 0."""
    document = release_document()
    for key in SUPPRESSED_CELLS:
        assert cell(document, *key) == (None, SUPPRESSED), key
    published = [c["value"] for t in document["tables"] for r in t["rows"] for c in r["cells"]
                 if c["status"] == PUBLISHED]
    assert not [v for v in published if 1 <= v < 5]


def test_a_person_known_to_two_organisations_counts_once(world):
    """Ana is recorded by A and by B (same name and birth date): one person, identified by the police first."""
    counts = counted()
    assert counts.merged_by["name_dob"] == 2
    # 30 presumed and 27 identified persons, from 32 and 28 records.
    assert (sum(counts.presumed.values()), sum(n for k, n in counts.identified.items())) == (30, 27)
    shared = [k for k in counts.identified if k[1] == "27-29" and k[2] == ("other_eu", "RO")]
    assert [k[4] for k in shared] == ["police"]


def test_a_referred_person_counts_once(world):
    """Maria's record in B shares only her phone number with A's: one person, identified by the court."""
    counts = counted()
    assert counts.merged_by["phone"] == 2
    referred = [(k, n) for k, n in counts.identified.items() if k[4] == "court"]
    assert referred == [(("Feminine", "30-38", ("other_eu", "RO"), "sexual", "court", 0), 1)]


def test_without_matching_the_records_would_count_twice(world):
    """Guards the two tests above: with the match keys gone, Ana and Maria are two persons each.

    (Maria's record in A was never identified, so only Ana adds to the identified.)
    """
    matching.refresh_keys(matching.stale_person_ids())
    db.session.execute(delete(MatchKey))
    counts = counting.count(services.scope_ids(None), YEAR)
    assert (sum(counts.presumed.values()), sum(counts.identified.values())) == (32, 28)


def test_an_organisation_counts_only_its_own_persons(world):
    """Organisation A's release: 25 presumed and 21 identified persons; B's: 7 and 7.

    B's 2 court identifications are suppressed, so its 5 police ones are too: the total would reveal them.
    """
    a, b = release_document(world.org_a.id), release_document(world.org_b.id)
    assert cell(a, "presumed_by_sex", "total", "persons") == (25, PUBLISHED)
    assert cell(a, "identified_by_sex", "total", "total") == (21, PUBLISHED)
    assert cell(b, "presumed_by_sex", "total", "persons") == (7, PUBLISHED)
    assert cell(b, "identified_by_sex", "total", "total") == (7, PUBLISHED)
    assert cell(b, "identified_by_sex", "total", "court") == (None, SUPPRESSED)
    assert cell(b, "identified_by_sex", "total", "police") == (None, SUPPRESSED)
    assert a["scope"] == {"level": "organisation", "organisation": "Organisation A"}


def test_a_quarter_counts_its_own_identifications(world):
    """1st quarter 2025: the 12 Romanian women and Ana were identified then (13 persons, all by the police).

    Ana is the only one aged 27-29: the zeros of her row would tell who identified her, so a zero of
    that row is suppressed too, and with it the police and court totals.
    """
    document = release_document(period=(YEAR[0].replace(month=1), YEAR[0].replace(month=3, day=31)))
    assert cell(document, "identified_by_sex", "total", "total") == (13, PUBLISHED)
    assert cell(document, "identified_by_sex", "total", "dis") == (0, PUBLISHED)
    assert cell(document, "identified_by_age", "27-29", "police") == (None, SUPPRESSED)
    assert cell(document, "identified_by_age", "27-29", "court") == (None, SUPPRESSED)


def test_the_export_says_how_records_were_merged(world, app):
    """With k = 2 the merge counts are published: 2 records fewer than held; 2 matched by name and birth date, 2 by phone."""
    app.config["STATS_MIN_CELL"] = 2
    try:
        document = release_document()
    finally:
        app.config["STATS_MIN_CELL"] = 5
    assert document["matching"] == {"merged_records": {"value": 2, "status": PUBLISHED},
                                    "by_key": {"name_dob": {"value": 2, "status": PUBLISHED},
                                               "phone": {"value": 2, "status": PUBLISHED}}}
