"""The statistics pages: who may make and see releases, what the page and the downloads show."""

import csv
import io
import json
import re
import uuid
from collections import defaultdict

import jsonschema
import pytest

from caseapp.auth.models import Role
from caseapp.auth.services import find_user_by_email
from caseapp.stats import charts, ledger, services
from tests.conftest import csrf_token, login, post_form
from tests.stats.conftest import YEAR

YEAR_FORM = {"kind": "year", "year": "2025", "quarter": "1", "date_from": "", "date_to": ""}


def make_year(client):
    """POST the 2025 release form like a browser; return the redirect response."""
    return post_form(client, "/stats/releases", YEAR_FORM, token_from="/stats/")


def test_a_coordinator_makes_a_release_and_sees_its_tables(client, world):
    """Pick 2025, get the release page: tables with suppressed cells marked, charts, downloads."""
    login(client, world.coordinator_a.email)
    response = make_year(client)
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert "Release for" in html and 'class="num suppressed"' in html and "suppressed" in html
    assert html.count('<img src="/stats/releases/') == 3
    assert re.search(r'data-row="total">\s*<th scope="row">Total</th>\s*<td class="num published" '
                     r'data-column="persons">25</td>', html)


def test_the_downloads_match_the_page(client, world):
    """Every figure and every suppression on the page is the same in the CSV and the JSON."""
    login(client, world.coordinator_a.email)
    location = make_year(client).headers["Location"]
    html = client.get(location).get_data(as_text=True)
    release_id = location.rsplit("/", 1)[1]
    rows = list(csv.DictReader(io.StringIO(client.get(f"/stats/releases/{release_id}/files/csv")
                                           .get_data(as_text=True))))
    document = client.get(f"/stats/releases/{release_id}/files/json").get_json()
    on_page = re.findall(r'<td class="num (\w+)" data-column="(\w+)">([^<]*)</td>', html)
    in_csv = [(r["status"], r["column"], r["value"]) for r in rows if r["table"] != "about"]
    in_json = [(c["status"], c["column"], str(c["value"]) if c["status"] == "published" else
                {"suppressed": "suppressed", "not_recorded": "not recorded"}[c["status"]])
               for t in document["tables"] for r in t["rows"] for c in r["cells"]]
    assert on_page == in_csv == in_json


def test_a_download_is_the_stored_file_with_its_checksum(client, world):
    """The file served is byte for byte the one in the ledger."""
    login(client, world.coordinator_a.email)
    release_id = make_year(client).headers["Location"].rsplit("/", 1)[1]
    made = ledger.get_release(uuid.UUID(release_id))
    for fmt in services.FORMATS:
        response = client.get(f"/stats/releases/{release_id}/files/{fmt}")
        assert response.data == ledger.release_file(made, fmt).content
        assert "attachment" in response.headers["Content-Disposition"]


def test_the_json_file_follows_the_published_schema(client, world):
    """The JSON validates against the schema served at /stats/schema/release-1.json, without sign-in."""
    schema = client.get("/stats/schema/release-1.json")
    assert schema.status_code == 200
    made = services.make_release(services.ReleaseRequest(*YEAR, None, "da"))
    jsonschema.validate(json.loads(ledger.release_file(made, "json").content), json.loads(schema.data))


def test_charts_are_svg_under_their_own_policy_and_reproducible(client, world):
    """Each chart is SVG with a restrictive policy and comes out the same twice."""
    login(client, world.coordinator_a.email)
    release_id = make_year(client).headers["Location"].rsplit("/", 1)[1]
    for name in ("trend", "exploitation", "bodies"):
        first = client.get(f"/stats/releases/{release_id}/charts/{name}.svg")
        second = client.get(f"/stats/releases/{release_id}/charts/{name}.svg")
        assert first.mimetype == "image/svg+xml" and first.data == second.data
        assert first.headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert b"<script" not in first.data


def test_a_suppressed_bar_says_so(client, world):
    """The identifying-body chart draws no bar for a suppressed body but the word (as glyph paths)."""
    made = services.make_release(services.ReleaseRequest(*YEAR, None, "en"))
    document = json.loads(ledger.release_file(made, "json").content)
    svg = charts.chart("bodies", document).decode()
    # Text is drawn as glyph paths: the hatch pattern marks the suppressed bars.
    assert svg.count("<pattern") >= 1


def test_a_bad_range_is_explained_and_kept(client, world):
    """A range whose last day comes first is refused with a message; the typed days stay in the form."""
    login(client, world.coordinator_a.email)
    response = post_form(client, "/stats/releases", {**YEAR_FORM, "kind": "range", "date_from": "2025-05-01",
                                                      "date_to": "2025-04-01"}, token_from="/stats/")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "The last day comes before the first day." in html
    assert 'value="2025-05-01"' in html and ledger.releases_in_scope(world.org_a.id) == []


def test_a_coordinator_never_sees_another_organisations_release(client, world):
    """B's coordinator gets 404 for A's release and its files; A's list does not show B's."""
    a_release = services.make_release(services.ReleaseRequest(*YEAR, world.org_a.id, "en"))
    login(client, world.coordinator_b.email)
    for path in (f"/stats/releases/{a_release.id}", f"/stats/releases/{a_release.id}/files/csv",
                 f"/stats/releases/{a_release.id}/charts/trend.svg"):
        assert client.get(path).status_code == 404
    assert str(a_release.id) not in client.get("/stats/").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.OUTREACH, Role.SHELTER_STAFF, Role.ADMIN])
def test_other_roles_cannot_make_or_see_releases(client, world, make_user, role):
    """Only coordinators and statistics coordinators reach the statistics pages."""
    login(client, make_user(world.org_a, role).email)
    assert client.get("/stats/").status_code == 403
    token = csrf_token(client, "/home")
    assert client.post("/stats/releases", data={**YEAR_FORM, "csrf_token": token}).status_code == 403
    assert ledger.releases_in_scope(world.org_a.id) == []


def test_a_statistics_coordinator_counts_every_organisation(client, world, make_user):
    """The installation-level role makes the installation's release: 30 presumed persons in 2025."""
    login(client, make_user(None, Role.STATISTICS, locale="en").email)
    location = make_year(client).headers["Location"]
    html = client.get(location).get_data(as_text=True)
    assert re.search(r'data-row="total">\s*<th scope="row">Total</th>\s*<td class="num published" '
                     r'data-column="persons">30</td>', html)
    assert "All organisations of the installation" in html


def test_a_statistics_coordinator_sees_nothing_else(app, client, world, make_user):
    """Every other page answers 403 or 404 and names nobody; the organisations' releases stay hidden."""
    a_release = services.make_release(services.ReleaseRequest(*YEAR, world.org_a.id, "en"))
    login(client, make_user(None, Role.STATISTICS, locale="en").email)
    allowed = {"stats.index", "stats.schema", "auth.home", "auth.account", "auth.change_password",
               "auth.my_sessions", "core.index", "core.health", "static", "auth.login", "auth.verify",
               "auth.enrol", "auth.recovery_codes", "ops.healthz", "ops.readyz"}
    # Ids of organisation A's rows where the world has them; any other id argument gets an id of nothing.
    targets = defaultdict(lambda: a_release.id, {
        "person_id": world.persons["shared_a"].id, "release_id": a_release.id, "fmt": "csv", "name": "trend",
        "user_id": world.coordinator_a.id, "organisation_id": world.org_a.id})
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in allowed:
            continue
        url = rule.build({arg: targets[arg] for arg in rule.arguments})[1]
        response = client.get(url)
        assert response.status_code in (403, 404, 405), (url, response.status_code)
        assert "Sharedova" not in response.get_data(as_text=True)


def test_the_sysadmin_creates_a_statistics_coordinator(client, make_user):
    """The system administrator creates the role; the temporary password is shown once."""
    login(client, make_user(None, Role.SYSADMIN, locale="en").email)
    response = post_form(client, "/stats/coordinators/new",
                         {"email": "numbers@example.org", "display_name": "Nina Numbers", "locale": "en"})
    assert response.status_code == 200 and "Temporary password" in response.get_data(as_text=True)
    assert "Nina Numbers" in client.get("/stats/coordinators").get_data(as_text=True)
    user = find_user_by_email("numbers@example.org")
    assert (user.role, user.organisation_id, user.must_change_password) == (Role.STATISTICS, None, True)


def test_a_coordinator_cannot_create_a_statistics_coordinator(client, world):
    """Only the system administrator may."""
    login(client, world.coordinator_a.email)
    assert client.get("/stats/coordinators/new").status_code == 403
