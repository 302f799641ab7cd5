"""The hostile-input sweep: every form and every list filter, fed what an attacker or a bad network sends.

The routes come from the URL map and the fields from the pages a browser
would see, so a new form or filter is swept without anyone adding it. Each
role (and the signed-out and half-signed-in visitor) opens every page it
may; each POST form found is submitted by the first visitor shown it, once
with every field missing, once with every field repeated (hostile value
first), then valid except for one field at a time, which gets hostile
values from ``sweep.HOSTILE`` (very long text, NUL, invalid UTF-8,
whitespace only, emoji and right-to-left text, impossible and far dates,
negative and huge numbers, HTML and SQL injection). Choice fields also get
an unlisted code. The query parameters of every page (from its GET forms,
its links, and ``page``) get the same values. A POST route whose form no
page shows fails the test, so nothing is left out silently.

Speed: each field gets the two values that broke things most (whitespace
only, a NUL; a query parameter also a huge number) and one more of the
list, rotated along the fields so that every value is used, instead of all
eleven; only the HTML marker is followed to the page that shows what was
saved (the other result pages are swept on their own); every
request runs in a savepoint rolled back afterwards, so each starts from the
same state (no lockouts, no stale versions, nothing erased for the next).
That keeps the sweep near 30 seconds per database.

It fails on any 5xx, on any page that echoes the HTML marker unescaped, on
any plaintext column left holding whitespace only or a blank code in a
comma-separated list, and on a choice column that stored an unlisted code.
"""

from datetime import date

import pytest
from sqlalchemy import String, event, select

from caseapp.auth import twofactor
from caseapp.auth.models import Role
from caseapp.cases.models import ConsentPurpose
from caseapp.cases.services import give_consent, open_case, record_decision
from caseapp.contacts.models import PlaceType
from caseapp.contacts.services import ContactData, log_contact
from caseapp.core.models import utcnow
from caseapp.extensions import db, limiter
from caseapp.orgs.services import create_organisation
from caseapp.reflection.services import start_period
from caseapp.shelters.placements import place
from caseapp.stats.services import ReleaseRequest, make_release
from caseapp.shelters.services import create_shelter

from tests.conftest import PASSWORD, login, post_form
from tests.core.test_cross_organisation import referral_to
from tests.factories import new_person
from tests.reflection.conftest import LENGTHS
from tests.security.sweep import HOSTILE, HTML_MARKER, UNLISTED, encode, parse_page, query_names, valid_value

# Sent to every field and parameter; the rest of HOSTILE is rotated.
ALWAYS = ("   \t ", "a\x00b")
# Query parameters are mostly numbers and codes: they always get a huge number too.
ALWAYS_IN_QUERIES = (*ALWAYS, "99999999999999999999999999")
ROLES = (Role.OUTREACH, Role.SHELTER_STAFF, Role.COORDINATOR, Role.ADMIN, Role.SYSADMIN)
FORM_BODY = "application/x-www-form-urlencoded"
# Written by nearly every request and holding no form input.
UNWATCHED = ("audit_entries", "user_sessions")


@pytest.fixture
def world(app, org_a, make_user, monkeypatch):
    """One object of each kind, and a client per visitor: each role, signed out, and half signed in."""
    monkeypatch.setattr(limiter, "enabled", False)
    worker = make_user(org_a, Role.OUTREACH, locale="en")
    person = new_person(org_a, by=worker, citizenship=["RO"])
    case = open_case(org_a.id, person, worker)
    contact = log_contact(org_a.id, worker.id, ContactData(occurred_at=utcnow(), place_type=PlaceType.STREET),
                          person=person)
    # Users the admin page offers every button for: one locked with an authenticator, one deactivated.
    locked = make_user(org_a, Role.SHELTER_STAFF)
    locked.totp_secret = twofactor.new_secret()
    locked.locked_until, locked.failed_sign_ins = utcnow().replace(year=utcnow().year + 1), 9
    make_user(org_a, Role.COORDINATOR).active = False
    db.session.flush()
    # The referral form is offered with the consent and another organisation running a shelter;
    # the extension form once the case's reflection period runs.
    give_consent(case, worker, ConsentPurpose.SHARE_OTHER_ORGANISATION)
    create_shelter(create_organisation(name="Operator", kind="shelter_operator").id, name="Other house", capacity=2)
    _start_reflection(case, worker)
    shelter = create_shelter(org_a.id, name="Safe A", capacity=3, address="Hidden street 1")
    placement = place(case, worker, shelter=shelter, starts_on=utcnow().date())
    ids = {"user_id": locked.id, "organisation_id": org_a.id, "person_id": person.id, "case_id": case.id,
           "contact_id": contact.id, "shelter_id": shelter.id, "placement_id": placement.id,
           "referral_id": referral_to(org_a).id, "fmt": "csv", "name": "trend",
           "release_id": make_release(ReleaseRequest(date(2026, 1, 1), date(2026, 12, 31), org_a.id, "en")).id,
           **_returns(case, worker, org_a)}
    return {"ids": ids, "visitors": _visitors(app, org_a, make_user, monkeypatch)}


def _returns(case, worker, org_a):
    """The referral form on the case; a return with its steps, pack and plan; a departed one in follow-up."""
    from caseapp.returns.organisations import add_return_organisation
    from caseapp.returns.plan import add_item
    from caseapp.returns.services import advance, refer

    give_consent(case, worker, ConsentPurpose.SHARE_RETURN_ORGANISATION)
    iom = add_return_organisation("IOM")
    returns = []
    for _ in range(2):
        other = open_case(org_a.id, new_person(org_a, by=worker), worker)
        record_decision(other, worker, trafficking_status="ActualVictimOfTrafficking", decided_by="dis",
                        decided_on=utcnow().date(), version=other.version)
        give_consent(other, worker, ConsentPurpose.SHARE_RETURN_ORGANISATION)
        returns.append(refer(other, worker, iom, fields=["given_names", "destination"], country="RO"))
    add_item(returns[0], worker, "housing")
    departed = returns[1]
    for target in ("accepted", "travel_planned", "departed"):
        advance(departed, worker, target, departed.version, on=utcnow().date())
    return {"return_id": returns[0].id, "plan_item_id": returns[0].items[0].id,
            "follow_up_id": departed.follow_ups[0].id, "return_organisation_id": iom.id}


def _start_reflection(case, worker):
    """Identify the case and start its reflection period today."""
    today = utcnow().date()
    record_decision(case, worker, trafficking_status="ActualVictimOfTrafficking", decided_by="dis",
                    decided_on=today, version=case.version)
    start_period(case, worker, LENGTHS, decided_on=today, decided_by="dis", today=today, version=case.version)


def _visitors(app, org_a, make_user, monkeypatch):
    visitors = {"signed out": app.test_client()}
    for role in ROLES:
        visitors[str(role)] = _signed_in(app, make_user(None if role == Role.SYSADMIN else org_a, role))
    verifying = make_user(org_a, Role.OUTREACH)
    verifying.totp_secret = twofactor.new_secret()
    db.session.flush()
    visitors["verifying"] = _password_step(app, verifying)
    monkeypatch.setitem(app.config, "TOTP_REQUIRED", True)
    visitors["enrolling"] = _password_step(app, make_user(org_a, Role.OUTREACH))
    monkeypatch.setitem(app.config, "TOTP_REQUIRED", False)
    return visitors


def _signed_in(app, user):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(client, user.email)
    return client


def _password_step(app, user):
    client = app.test_client()
    post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    return client


def _get_rules(app):
    return [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods and rule.endpoint != "static"]


def _crawl(app, world):
    """(visitor, page path, forms, links) of every page each visitor may open."""
    pages = []
    for name, client in world["visitors"].items():
        for rule in _get_rules(app):
            path = rule.build({arg: world["ids"][arg] for arg in rule.arguments})[1]
            response = client.get(path)
            if response.status_code == 200 and response.mimetype == "text/html":
                pages.append((name, path, *parse_page(path, response.get_data(as_text=True))))
    return pages


def _post_targets(app, pages):
    """For each POST endpoint: the first visitor shown its form, the form, and the page it was on."""
    adapter = app.url_map.bind("localhost")
    targets = {}
    for visitor, path, forms, _links in pages:
        for form in forms:
            if form.method == "post":
                endpoint, _args = adapter.match(form.action, method="POST")
                targets.setdefault(endpoint, (visitor, form))
    return targets


def _plaintext_columns():
    """Every text column that is not encrypted, by table."""
    columns = {}
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String):
                columns.setdefault(table.name, []).append(column)
    return columns


def _stored_problem(value, hostile_choice):
    """What is wrong with a stored text value, or None."""
    if not value:
        return None
    parts = value.split(",")
    if value.strip() == "" or (len(parts) > 1 and any(part.strip() == "" for part in parts)):
        return "holds a blank"
    if hostile_choice and hostile_choice in (part.strip() for part in parts):
        return "stored the unlisted code in"
    return None


class Sweep:
    """Sends the requests, checks the answers and the database, and collects every problem."""

    def __init__(self, app, world):
        self.app, self.world, self.problems, self.requests = app, world, [], 0
        self.connection = db.session.connection()
        self.wrote = False
        # Scanning the tables costs; only requests that changed something besides the trail are scanned.
        event.listen(db.engine, "before_cursor_execute", self._note_write)

    def close(self):
        """Stop watching the statements."""
        event.remove(db.engine, "before_cursor_execute", self._note_write)

    def _note_write(self, _connection, _cursor, statement, *_args):
        words = statement.split(None, 3)
        if words[0] in ("INSERT", "UPDATE") and not any(table in statement[:60] for table in UNWATCHED):
            self.wrote = True

    def send(self, client, method, path, pairs, what, hostile_choice=None):
        """One request in a savepoint that is rolled back after its checks."""
        savepoint, self.wrote = self.connection.begin_nested(), False
        # A sign-out or password change among the attacks must not sign the visitor out of the next.
        cookie = client.get_cookie(self.app.config["SESSION_COOKIE_NAME"])
        try:
            if method == "get":
                response = client.get(f"{path}?{encode(pairs)}", follow_redirects=True)
            else:
                # Only the HTML marker is followed to the page that shows what was saved: rendering every
                # result page would double the sweep's time, and those pages are swept on their own.
                follow = any(HTML_MARKER in value for _name, value in pairs if isinstance(value, str))
                response = client.post(path, data=encode(pairs), content_type=FORM_BODY, follow_redirects=follow)
            self.requests += 1
            self._check(response, f"{method.upper()} {path} {what}", hostile_choice)
        finally:
            savepoint.rollback()
            db.session.expire_all()
            if cookie is not None:
                client.set_cookie(cookie.key, cookie.value)

    def _check(self, response, label, hostile_choice):
        if response.status_code >= 500:
            self.problems.append(f"{label}: {response.status_code}")
        # Bytes, not text: a download (the return's PDF pack) is checked too and need not be UTF-8.
        if HTML_MARKER.encode() in response.get_data():
            self.problems.append(f"{label}: the HTML marker was echoed unescaped")
        if self.wrote:
            self._check_columns(label, hostile_choice)

    def _check_columns(self, label, hostile_choice):
        """No whitespace-only value, no blank code in a list, no unlisted code from a choice field."""
        for table, columns in _plaintext_columns().items():
            for row in db.session.execute(select(*columns)):
                for column, value in zip(columns, row):
                    problem = _stored_problem(value, hostile_choice)
                    if problem:
                        self.problems.append(f"{label}: {table}.{column.name} {problem} {value!r}")


def _values(offset, always=ALWAYS):
    """The values that broke things most (whitespace only, a NUL), then one more of the list, rotated."""
    rest = [value for value in HOSTILE if value not in always]
    return [*always, rest[offset % len(rest)]]


def _attacks(form, offset):
    """(how, field name, hostile value): the whole form missing and repeated, then each field in turn."""
    yield "missing", None, None
    yield "repeated", None, HOSTILE[0]
    for index, name in enumerate(form.fields):
        if name == "csrf_token":
            continue
        values = _values(offset + index)
        if form.fields[name].kind in ("select", "radio", "checkbox"):
            values.append(UNLISTED)
        for value in values:
            yield "value", name, value


def _body(form, hostile_name, hostile, how, number):
    """The form as a browser sends it, but for the attack: one field hostile, every field repeated or missing."""
    pairs = []
    for name, control in form.fields.items():
        valid = [(name, value) for value in valid_value(control, number)]
        if name == "csrf_token" or (how == "value" and name != hostile_name):
            pairs += valid
        elif how == "value":
            pairs.append((name, hostile))
        elif how == "repeated":
            pairs += [(name, hostile), *valid]
    return pairs


def test_every_form_and_query_parameter_survives_hostile_values(app, world, request):
    """No 5xx, no unescaped echo and no blank or unlisted code stored, from any form field or query parameter."""
    pages = _crawl(app, world)
    targets = _post_targets(app, pages)
    post_rules = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    assert post_rules - set(targets) == set(), "no page the sweep visits shows a form for these POST routes"
    sweep = Sweep(app, world)
    request.addfinalizer(sweep.close)
    for offset, (endpoint, (visitor, form)) in enumerate(sorted(targets.items())):
        for number, (how, name, hostile) in enumerate(_attacks(form, offset)):
            sweep.send(world["visitors"][visitor], "post", form.action, _body(form, name, hostile, how, number),
                       f"{name} {how} {str(hostile)[:20]!r}", hostile if hostile == UNLISTED else None)
    for offset, (visitor, path, names) in enumerate(_query_targets(pages)):
        for index, name in enumerate(sorted(names)):
            for hostile in _values(offset + index, ALWAYS_IN_QUERIES):
                sweep.send(world["visitors"][visitor], "get", path, [(name, hostile)], f"{name}={str(hostile)[:20]!r}")
        sweep.send(world["visitors"][visitor], "get", path, [(name, value) for name in names for value in
                                                             (HOSTILE[0], "1")], "every parameter twice")
    assert sweep.problems == [], "\n".join(sweep.problems)


def _query_targets(pages):
    """(visitor, path, parameter names) of each page, from the first visitor that may open it."""
    seen = set()
    for visitor, path, forms, links in pages:
        if path in seen:
            continue
        seen.add(path)
        names = {"page"} | query_names(links, path)
        names |= {name for form in forms if form.method == "get" and form.action == path for name in form.fields}
        yield visitor, path, names


def test_the_sweep_sees_a_planted_echo(app, world, monkeypatch, request):
    """The checks can fail: a page that echoes the marker unescaped is reported."""
    monkeypatch.setitem(app.view_functions, "ops.healthz", lambda: HOSTILE[9])
    sweep = Sweep(app, world)
    request.addfinalizer(sweep.close)
    sweep.send(world["visitors"]["signed out"], "get", "/healthz", [("x", "1")], "planted")
    assert sweep.problems and "unescaped" in sweep.problems[0]
