"""Demo returns (a demo step registered with core.registry): the return organisations, and returns in
every status with follow-ups done, overdue and due soon."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from flask import current_app
from sqlalchemy import select

from caseapp.auth.services import find_user_by_email
from caseapp.cases.models import ConsentPurpose
from caseapp.cases.services import give_consent, open_case, record_decision
from caseapp.core.clock import local_today
from caseapp.extensions import db
from caseapp.orgs.models import Organisation
from caseapp.persons.models import Gender
from caseapp.persons.services import PersonData, create_person
from caseapp.returns.followups import record_follow_up
from caseapp.returns.models import PackField, PlanKind
from caseapp.returns.organisations import add_return_organisation
from caseapp.returns.plan import add_item
from caseapp.returns.services import advance, cancel, refer

RETURN_ORGANISATIONS = ("IOM", "Danish Refugee Council", "Danish Return Agency (Hjemrejsestyrelsen)")
# Identified, with the consent to share with the return organisation, not yet referred (the browser journey refers her).
READY_TO_RETURN = ("Andreea", "Lupu", "RO", None)
# Fictional people of Nordlys and the status their return reaches (for departed ones: how long ago; a month
# ago makes the first follow-up due today, two and a half the second overdue).
PEOPLE = (("Ștefania", "Țăranu", "RO", "referred"), ("Мария", "Иванова", "BG", "accepted"),
          ("สมหญิง", "ใจดี", "TH", "travel_planned"), ("Florentina", "Bălan", "RO", "cancelled"),
          ("Joy", "Eze", "NG", relativedelta(months=2, days=15)),
          ("Daniela", "Vasile", "RO", relativedelta(months=1)), READY_TO_RETURN)


def add_demo_returns():
    """The return organisations and Nordlys' returns in every status; flushes only."""
    organisations = [add_return_organisation(name) for name in RETURN_ORGANISATIONS]
    worker = find_user_by_email("outreach@nordlys.example.org")
    nordlys = db.session.scalar(select(Organisation).where(Organisation.name == "Nordlys NGO (demo)"))
    if worker is None or nordlys is None:
        return
    for index, (given, family, country, status) in enumerate(PEOPLE):
        case = _identified_case(nordlys, worker, given, family, country)
        if status is None:
            continue
        prepared = refer(case, worker, organisations[index % 2], fields=list(PackField), country=country,
                         region="Demo region")
        add_item(prepared, worker, PlanKind.ALLOWANCE, "Six monthly payments (demo)")
        _reach(prepared, worker, status)


def _identified_case(organisation, worker, given, family, country):
    person = create_person(organisation.id, worker.id, PersonData(
        given_names=given, family_name=family, gender=Gender.FEMININE, birth_year=1995, citizenship=[country]))
    case = open_case(organisation.id, person, worker)
    record_decision(case, worker, trafficking_status="ActualVictimOfTrafficking", decided_by="dis",
                    decided_on=local_today() - timedelta(days=200), version=case.version)
    give_consent(case, worker, ConsentPurpose.SHARE_RETURN_ORGANISATION)
    return case


def _reach(prepared, worker, status):
    today, months = local_today(), current_app.config["REINTEGRATION_MONTHS"]
    if status == "cancelled":
        cancel(prepared, worker, "The person chose to stay (demo)", prepared.version)
        return
    if status == "referred":
        return
    advance(prepared, worker, "accepted", prepared.version)
    if status == "accepted":
        return
    departed = today - status if isinstance(status, relativedelta) else None
    advance(prepared, worker, "travel_planned", prepared.version, on=departed or today + timedelta(days=10))
    if departed is None:
        return
    advance(prepared, worker, "departed", prepared.version, on=departed, months=months)
    first = prepared.follow_ups[0]
    if first.due_on < today:
        record_follow_up(first, worker, first.version, done_on=first.due_on, channel="phone", outcome="reached",
                         note="Settled with her aunt (demo)")

# Persons the returns demo step adds (the demo tests tell them from the generated ones).
PERSONS = len(PEOPLE)
NAMES = {(given, family) for given, family, _country, _status in PEOPLE}
