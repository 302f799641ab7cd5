"""Colleagues saving at the same instant all get their work saved, on a database that really commits.

Sixteen signed-in browsers (test clients on their own threads, each request
in its own app context and database connection, as under a threaded server)
post case notes and consents at once, then open the case page they are sent
to. On SQLite a transaction that reads before it writes cannot wait for the
write lock once another writer has committed, so without BEGIN IMMEDIATE most
of these failed with "database is locked".
"""

import threading
from datetime import date

from sqlalchemy import func, select

from caseapp.auth.models import Role
from caseapp.cases.models import CaseEvent, Consent, ConsentPurpose, EventKind
from caseapp.cases.services import open_case
from caseapp.extensions import db
from caseapp.orgs.models import OrganisationKind
from caseapp.orgs.services import create_organisation
from caseapp.auth.services import create_user

from tests.conftest import PASSWORD, form_tokens, login
from tests.factories import new_person

CLIENTS = 16
NOTES = 8


def _organisation_with_cases(app):
    """Commit an organisation, one worker per client and two cases; return (emails, case ids)."""
    with app.app_context():
        organisation = create_organisation(name="Concurrent NGO", kind=OrganisationKind.NGO)
        workers = [create_user(email=f"worker{n}@example.org", display_name=f"Worker {n}", role=Role.OUTREACH,
                               password=PASSWORD, organisation=organisation) for n in range(CLIENTS)]
        cases = []
        for name in ("Ana", "Bea"):
            person = new_person(organisation, by=workers[0], given_names=name)
            cases.append(open_case(organisation.id, person, workers[0]).id)
        db.session.commit()
        return [worker.email for worker in workers], cases


def _requests(cases):
    """(path, form) of each client: notes on the first case, then every consent purpose on both cases."""
    notes = [(f"/cases/{cases[0]}/notes", {"note": f"Note number {n}"}) for n in range(NOTES)]
    consents = [(f"/cases/{case}/consents", {"purpose": purpose.value, "on": date.today().isoformat()})
                for case in cases for purpose in ConsentPurpose]
    return notes + consents


def test_sixteen_simultaneous_notes_and_consents_are_all_saved(committed_db):
    """16 posts at the same instant: every one answers with the case page and every note and consent is stored."""
    emails, cases = _organisation_with_cases(committed_db)
    requests = _requests(cases)
    assert len(requests) == CLIENTS
    clients = [committed_db.test_client() for _ in range(CLIENTS)]
    for number, client in enumerate(clients):
        # Sixteen colleagues on their own devices: the sign-in throttle counts per address.
        client.environ_base["REMOTE_ADDR"] = f"127.0.0.{number + 1}"
    tokens = []
    for client, email, (path, _form) in zip(clients, emails, requests):
        login(client, email)
        tokens.append(form_tokens(client, path.rsplit("/", 1)[0]))
    start, statuses, failures = threading.Barrier(CLIENTS), [None] * CLIENTS, []

    def post(index):
        client, (path, form) = clients[index], requests[index]
        start.wait()
        try:
            response = client.post(path, data={**tokens[index], **form}, follow_redirects=True)
            statuses[index] = (response.status_code, response.request.path)
        except Exception as error:  # noqa: BLE001 - any error is a failure to report, not to hide
            failures.append(repr(error))

    threads = [threading.Thread(target=post, args=(index,)) for index in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert all(status == 200 for status, _path in statuses), statuses
    with committed_db.app_context():
        notes = db.session.scalar(select(func.count()).select_from(CaseEvent).where(CaseEvent.kind == EventKind.NOTE))
        consents = db.session.scalar(select(func.count()).select_from(Consent))
    assert (notes, consents) == (NOTES, CLIENTS - NOTES)
