"""Follow-up reminders against a real SMTP server: each due follow-up once, no personal data, counts only."""

from datetime import date, timedelta

from caseapp.extensions import db
from caseapp.returns.models import FollowUpReminder
from caseapp.returns.reminders import send_follow_up_reminders
from caseapp.returns.services import advance

from tests.canaries import CANARY_NAME, CANARY_NOTE, CANARY_PHONE, found_in
from tests.conftest import run_cli
from tests.reflection.smtp import smtp_server, text_of


def _departed(referred, worker, days_ago):
    prepared = referred(given_names=CANARY_NAME, family_name=CANARY_NAME, phones=[CANARY_PHONE], notes=CANARY_NOTE)
    on = date.today() - timedelta(days=days_ago)
    advance(prepared, worker, "accepted", prepared.version)
    advance(prepared, worker, "travel_planned", prepared.version, on=on)
    advance(prepared, worker, "departed", prepared.version, on=on)
    prepared.region = CANARY_NOTE
    db.session.commit()
    return prepared


def test_each_due_follow_up_is_emailed_once_without_personal_data(app, referred, worker):
    """Two follow-ups are due (overdue and today's); two emails with reference and link; a rerun sends none."""
    prepared = _departed(referred, worker, days_ago=70)
    today = prepared.follow_ups[1].due_on
    with smtp_server() as (collector, settings):
        config = {**app.config, **settings}
        first = send_follow_up_reminders(today, config)
        again = send_follow_up_reminders(today, config)
    assert (first.due, first.sent, again.sent, again.already_sent) == (2, 2, 0, 2)
    texts = [text_of(message) for message in collector.messages]
    assert all(prepared.case.reference in text and f"/cases/{prepared.case_id}" in text for text in texts)
    assert [message["To"] for message in collector.messages] == [worker.email] * 2
    assert not [hit for text in texts for hit in found_in(text)]
    assert db.session.query(FollowUpReminder).count() == 2


def test_a_recorded_follow_up_is_not_reminded(app, referred, worker):
    """Nothing is due before the first follow-up's day."""
    prepared = _departed(referred, worker, days_ago=3)
    with smtp_server() as (collector, settings):
        counts = send_follow_up_reminders(date.today(), {**app.config, **settings})
    assert counts.due == 0 and collector.messages == [] and prepared.follow_ups[0].due_on > date.today()


def test_the_command_covers_follow_ups_and_prints_counts_only(app, referred, worker):
    """`caseapp reminders send` reports a line for follow-ups too, with numbers only."""
    prepared = _departed(referred, worker, days_ago=40)
    with smtp_server() as (collector, settings):
        app.config.update(settings)
        try:
            output = run_cli(app, ["reminders", "send"]).output
        finally:
            app.config.update(SMTP_HOST="localhost", SMTP_PORT=25, SMTP_TLS="starttls")
    assert "(follow-ups)" in output and "(reflection)" in output
    assert "@" not in output and prepared.case.reference not in output
    assert len(collector.messages) == 1
