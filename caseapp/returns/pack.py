"""The referral pack: a one-page PDF for the return organisation, made in memory.

It holds only the fields the worker ticked that the person's consent covers.
The filename carries the case reference, never a name.
"""

from flask_babel import gettext as _

from caseapp.cases.models import ConsentPurpose
from caseapp.cases.services import require_consent
from caseapp.core import pdf
from caseapp.core.i18n import country_name, format_date, language_name
from caseapp.persons.models import Gender
from caseapp.returns.models import PackField, PlanKind, PlanStatus


def pack_fields(prepared, ticked):
    """The fields the pack holds: ticked and covered by the consent, in the form's order."""
    ticked, covered = set(ticked), set(prepared.consented_codes)
    return [field for field in PackField if field in ticked and field in covered]


def make_pack(prepared, ticked):
    """(filename, PDF bytes) of the pack; refused without an active consent to share with the return organisation."""
    case = prepared.case
    require_consent(case, ConsentPurpose.SHARE_RETURN_ORGANISATION)
    fields = pack_fields(prepared, ticked)
    document = pdf.new_document(_("Referral for a prepared return %(reference)s", reference=case.reference))
    pdf.heading(document, _("Referral for a prepared return"))
    pdf.row(document, _("Case"), case.reference)
    pdf.row(document, _("To"), prepared.return_organisation.name)
    for field in fields:
        pdf.row(document, PackField(field).label, _value(field, prepared))
    return f"{case.reference}.pdf", pdf.as_bytes(document)


def _value(field, prepared):
    person = prepared.case.person
    values = {
        PackField.GIVEN_NAMES: lambda: person.given_names,
        PackField.FAMILY_NAME: lambda: person.family_name,
        PackField.DATE_OF_BIRTH: lambda: format_date(person.date_of_birth) if person.date_of_birth else None,
        PackField.GENDER: lambda: Gender(person.gender).label,
        PackField.CITIZENSHIP: lambda: ", ".join(country_name(code) for code in person.citizenship_codes),
        PackField.LANGUAGES: lambda: ", ".join(language_name(code) for code in person.language_codes),
        PackField.PHONES: lambda: ", ".join(phone.number for phone in person.phones),
        PackField.IDENTITY_DOCUMENT: lambda: person.identity_document,
        PackField.DESTINATION: lambda: _destination(prepared),
        PackField.TRAVEL_DATE: lambda: format_date(prepared.planned_on) if prepared.planned_on else None,
        PackField.PLAN: lambda: "; ".join(f"{PlanKind(i.kind).label} ({PlanStatus(i.status).label})"
                                          for i in prepared.items),
    }
    return values[PackField(field)]() or "–"


def _destination(prepared):
    country = country_name(prepared.destination_country)
    return f"{prepared.region}, {country}" if prepared.region else country
