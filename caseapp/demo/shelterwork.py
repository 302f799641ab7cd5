"""Demo shelter work: referrals from the NGOs to Tryghus, placements, and reflection periods in every board state."""

from datetime import timedelta

from caseapp.auth.services import find_user_by_email
from caseapp.cases.models import ConsentPurpose
from caseapp.cases.services import give_consent, open_case, record_decision
from caseapp.core.clock import local_today
from caseapp.persons.models import Gender
from caseapp.persons.services import PersonData, create_person
from caseapp.referrals.models import SharedField
from caseapp.referrals.services import accept, request_referral
from caseapp.reflection.periods import Lengths
from caseapp.reflection.services import extend_period, start_period
from caseapp.shelters.placements import place
from caseapp.shelters.services import assign_staff

# Fictional people; days left of their reflection period today (one per board state).
PLACED = (("Elena", "Dobre", -2), ("Grace", "Okafor", 5), ("Nadia", "Petrova", 12), ("Ana", "Munteanu", 25),
          ("Somchai", "Lee", 60))
# Nordlys cases with consent to share, not yet referred (the browser journeys refer them, in English and Danish).
READY_TO_REFER = (("Ioana", "Radu"), ("Mihaela", "Stan"))
PENDING = ("Blessing", "Adeyemi")


def add_shelter_work(organisations, shelter, config):
    """Placed and referred cases in Tryghus, one case ready to refer and one referral pending; flushes only."""
    nordlys, havnen, tryghus = _named(organisations)
    staff = find_user_by_email("staff@tryghus.example.org")
    assign_staff(shelter, [staff.id])
    outreach = find_user_by_email("outreach@nordlys.example.org")
    lengths, today = Lengths.from_config(config), local_today()
    for given, family, left in PLACED:
        case = _accepted(_consenting_case(nordlys, outreach, given, family), outreach, tryghus, staff)
        place(case, staff, shelter=shelter, starts_on=today - timedelta(days=30))
        _reflection(case, staff, lengths, today, left)
    for given, family in READY_TO_REFER:
        _consenting_case(nordlys, outreach, given, family)
    havnen_worker = find_user_by_email("outreach@havnen.example.org")
    pending = _consenting_case(havnen, havnen_worker, *PENDING)
    request_referral(pending, havnen_worker, tryghus, list(SharedField))


def _named(organisations):
    by_start = {name.split()[0]: organisation for name, organisation in organisations.items()}
    return by_start["Nordlys"], by_start["Havnen"], by_start["Tryghus"]


def _consenting_case(organisation, worker, given, family):
    person = create_person(organisation.id, worker.id, PersonData(
        given_names=given, family_name=family, gender=Gender.FEMININE, birth_year=1998, citizenship=["RO"]))
    case = open_case(organisation.id, person, worker)
    give_consent(case, worker, ConsentPurpose.SHARE_OTHER_ORGANISATION)
    return case


def _accepted(case, worker, operator, staff):
    referral = request_referral(case, worker, operator, list(SharedField))
    return accept(referral, staff, referral.version)


def _reflection(case, staff, lengths, today, left):
    """Identify the person and start a period with ``left`` days left today (the 25-day one was extended)."""
    extended = left == 25
    decided_on = today + timedelta(days=left) - timedelta(days=(lengths.usual if not extended else 90) - 1)
    record_decision(case, staff, trafficking_status="ActualVictimOfTrafficking", decided_by="dis",
                    decided_on=decided_on - timedelta(days=1), version=case.version)
    deadline = decided_on + timedelta(days=(lengths.usual if not extended else 80) - 1)
    period = start_period(case, staff, lengths, decided_on=decided_on, decided_by="dis", today=today,
                          deadline=deadline, version=case.version)
    if extended:
        extend_period(period, case, staff, lengths, decided_on=today - timedelta(days=3), decided_by="dis",
                      deadline=today + timedelta(days=left), reason="Medical treatment continues (demo)",
                      today=today, version=period.version)

# Persons the shelter work adds: each placed one twice (the NGO's and Tryghus' own), those to refer, one pending.
PERSONS = 2 * len(PLACED) + len(READY_TO_REFER) + 1
NAMES = {(given, family) for given, family, _left in PLACED} | set(READY_TO_REFER) | {PENDING}
