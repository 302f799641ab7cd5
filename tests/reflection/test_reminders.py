"""Reminders against a real SMTP server: the expected emails once each, whatever runs twice or crashes."""

import threading
from datetime import date, timedelta

import pytest

from caseapp.auth.models import Role
from caseapp.auth.services import create_user
from caseapp.cases.services import open_case, record_decision
from caseapp.extensions import db
from caseapp.orgs.services import create_organisation
from caseapp.reflection.lock import LockHeld, run_lock
from caseapp.reflection.models import ReminderSent
from caseapp.reflection.reminders import send_reminders
from caseapp.reflection.services import start_period
from caseapp.shelters.placements import place
from caseapp.shelters.services import create_shelter

from tests.canaries import CANARY_ADDRESS, CANARY_NAME, CANARY_NOTE, CANARY_PHONE, found_in
from tests.conftest import PASSWORD, run_cli
from tests.factories import new_person
from tests.reflection.conftest import LENGTHS
from tests.reflection.smtp import smtp_server, text_of

FIXED = date(2026, 6, 1)
# days left on FIXED -> the reminder expected that day (None: nothing)
EXPECTED = {40: None, 30: "30", 20: "30", 14: "14", 8: "14", 7: "7", 1: "1", 0: "1", -3: "passed"}


def _world(organisation, worker_locale="en"):
    """An organisation with a worker and one running period per entry of EXPECTED; returns {left: case}."""
    worker = create_user(email=f"w-{organisation.id.hex[:8]}@example.org", display_name="Wanda Worker",
                         role=Role.COORDINATOR, password=PASSWORD, organisation=organisation, locale=worker_locale)
    shelter = create_shelter(organisation.id, name="Canary house", capacity=20, address=CANARY_ADDRESS)
    cases = {}
    for left in EXPECTED:
        person = new_person(organisation, by=worker, given_names=CANARY_NAME, family_name=CANARY_NAME,
                            aliases=[CANARY_NAME], phones=[CANARY_PHONE], notes=CANARY_NOTE)
        case = open_case(organisation.id, person, worker)
        record_decision(case, worker, trafficking_status="ActualVictimOfTrafficking", decided_by="dis",
                        decided_on=FIXED - timedelta(days=60), version=case.version)
        place(case, worker, shelter=shelter, starts_on=FIXED - timedelta(days=50))
        start_period(case, worker, LENGTHS, decided_on=FIXED - timedelta(days=50), decided_by="dis", today=FIXED,
                     deadline=FIXED + timedelta(days=left), version=case.version)
        cases[left] = case
    db.session.commit()
    return worker, cases


def _by_reference(messages):
    return {message["Subject"].split(" ")[2].rstrip(":"): message for message in messages}


def test_exactly_the_expected_emails_on_a_fixed_date_and_none_again(app, org_a):
    """One email per due threshold, to the worker, with reference, days left, deadline and link; a rerun sends none."""
    app.config["BASE_URL"] = "https://caseapp.example.org"
    worker, cases = _world(org_a)
    with smtp_server() as (collector, settings):
        counts = send_reminders(FIXED, {**app.config, **settings})
        again = send_reminders(FIXED, {**app.config, **settings})
    expected = {cases[left].reference: kind for left, kind in EXPECTED.items() if kind}
    received = _by_reference(collector.messages)
    assert sorted(received) == sorted(expected) and len(collector.messages) == len(expected)
    assert (counts.sent, again.sent, again.already_sent) == (len(expected), 0, len(expected))
    fourteen = text_of(received[cases[8].reference])
    assert "8 days left" in fourteen and "9 June 2026" in fourteen
    assert f"https://caseapp.example.org/cases/{cases[8].id}" in fourteen
    assert "passed 3 days ago" in text_of(received[cases[-3].reference])
    assert all(message["To"] == worker.email for message in collector.messages)


def test_no_email_holds_a_name_alias_phone_or_shelter_address(app, org_a):
    """The canaries of the person and of the shelter's address appear in no email."""
    _world(org_a)
    with smtp_server() as (collector, settings):
        send_reminders(FIXED, {**app.config, **settings})
    assert collector.messages
    assert [found_in(message.as_string()) for message in collector.messages if found_in(message.as_string())] == []


def test_the_email_is_in_the_recipients_language(app, org_a):
    """A Danish worker gets the reminder in Danish."""
    _world(org_a, worker_locale="da")
    with smtp_server() as (collector, settings):
        send_reminders(FIXED, {**app.config, **settings})
    texts = [text_of(message) for message in collector.messages]
    assert any("dage tilbage" in text for text in texts) and any("Fristen" in text for text in texts)


def test_a_crash_between_recording_and_sending_never_sends_twice(app, org_a):
    """The run dies on its third email: a rerun sends the rest, not the two already sent, not the lost one."""
    _world(org_a)
    calls = []
    with smtp_server() as (collector, settings):
        config = {**app.config, **settings}

        def crash_on_third(email):
            calls.append(email["Subject"])
            if len(calls) == 3:
                raise KeyboardInterrupt("killed")
            collector.messages.append(email)

        with pytest.raises(KeyboardInterrupt):
            send_reminders(FIXED, config, sender=crash_on_third)
        db.session.rollback()
        rerun = send_reminders(FIXED, config)
    subjects = [message["Subject"] for message in collector.messages]
    assert len(subjects) == len(set(subjects)) == len([k for k in EXPECTED.values() if k]) - 1
    assert calls[2] not in subjects
    assert rerun.already_sent == 3 and rerun.unconfirmed == 1


def test_the_command_prints_counts_only(app, org_a):
    """`caseapp reminders send` reports numbers, never a reference or an address."""
    _world(org_a)
    db.session.commit()
    with smtp_server() as (collector, settings):
        app.config.update(settings)
        try:
            output = run_cli(app, ["reminders", "send"]).output
        finally:
            app.config.update(SMTP_HOST="localhost", SMTP_PORT=25, SMTP_TLS="starttls")
    assert output.startswith("reminders: due ") and "@" not in output and "-2026-" not in output


def test_two_concurrent_runs_send_each_reminder_once(committed_db):
    """Two runs at the same moment, even without the lock, share the work: every email exactly once."""
    with committed_db.app_context():
        _world(create_organisation(name="Concurrent NGO", kind="ngo"))
        db.session.commit()
    with smtp_server() as (collector, settings):
        config = {**committed_db.config, **settings}
        barrier, results = threading.Barrier(2), []

        def run():
            with committed_db.app_context():
                barrier.wait()
                results.append(send_reminders(FIXED, config))
                db.session.remove()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    subjects = [message["Subject"] for message in collector.messages]
    expected = len([k for k in EXPECTED.values() if k])
    assert len(subjects) == len(set(subjects)) == expected
    assert len(results) == 2 and sum(r.sent for r in results) == expected
    assert sum(r.already_sent for r in results) == expected


def test_the_lock_refuses_a_second_run_while_the_first_holds_it(committed_db):
    """While one run holds the lock another is refused; once released it can run."""
    with committed_db.app_context():
        with run_lock():
            with pytest.raises(LockHeld):
                with run_lock():
                    pass
        with run_lock():
            pass


def test_an_unreachable_mail_server_records_nothing_and_says_so(app, org_a):
    """With no server listening, the command says so, exits non-zero, and every reminder stays due."""
    from tests.reflection.smtp import free_port
    _world(org_a)
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), SMTP_TLS="none")
    try:
        result = run_cli(app, ["reminders", "send"])
    finally:
        app.config.update(SMTP_HOST="localhost", SMTP_PORT=25, SMTP_TLS="starttls")
    assert result.exit_code == 2 and "could not be reached" in result.output
    assert db.session.query(ReminderSent).count() == 0
