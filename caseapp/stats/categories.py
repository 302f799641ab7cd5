"""Statistical categories (DESIGN §4): CTDC age bands, Eurostat citizenship and exploitation groups.

Each category has a code (the HTCDS, CTDC or Eurostat value), a translated
label and a rank. Ranks decide what a person counts as when several records
of one person disagree: the lowest rank wins (see ``stats.counting``).
"""

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from caseapp.cases.models import DecisionBody, Exploitation
from caseapp.core.enums import LabelledEnum
from caseapp.persons.models import Gender

# The reporting country of every caseapp installation.
REPORTING_COUNTRY = "DK"
# EU member states (ISO 3166 alpha-2) besides the reporting country.
EU_MEMBERS = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
})
# The rank every unknown value gets: after every known one.
UNKNOWN_RANK = 99


class AgeBand(StrEnum):
    """CTDC's broad age bands."""

    AGE_0_8 = "0-8"
    AGE_9_17 = "9-17"
    AGE_18_20 = "18-20"
    AGE_21_23 = "21-23"
    AGE_24_26 = "24-26"
    AGE_27_29 = "27-29"
    AGE_30_38 = "30-38"
    AGE_39_47 = "39-47"
    AGE_48_PLUS = "48+"


# Lowest age of each band, youngest first.
_BAND_STARTS = ((0, AgeBand.AGE_0_8), (9, AgeBand.AGE_9_17), (18, AgeBand.AGE_18_20), (21, AgeBand.AGE_21_23),
                (24, AgeBand.AGE_24_26), (27, AgeBand.AGE_27_29), (30, AgeBand.AGE_30_38),
                (39, AgeBand.AGE_39_47), (48, AgeBand.AGE_48_PLUS))
BAND_STARTS = tuple(start for start, _band in _BAND_STARTS)
AGE_BANDS = tuple(band for _start, band in _BAND_STARTS)
CHILD_BANDS = (AgeBand.AGE_0_8, AgeBand.AGE_9_17)


class CitizenshipGroup(LabelledEnum):
    """Eurostat's citizenship groups."""

    REPORTING_COUNTRY = "reporting_country", _l("Denmark")
    OTHER_EU = "other_eu", _l("Other EU countries")
    NON_EU = "non_eu", _l("Countries outside the EU")
    UNKNOWN = "unknown", _l("Citizenship not known")


# Eurostat's codes for the groups, carried in the JSON export.
CITIZENSHIP_GROUP_CODES = {
    CitizenshipGroup.REPORTING_COUNTRY: "NAT", CitizenshipGroup.OTHER_EU: "EU27_2020_FOR",
    CitizenshipGroup.NON_EU: "NEU27_2020_FOR", CitizenshipGroup.UNKNOWN: "UNK",
}


class ExploitationGroup(LabelledEnum):
    """Eurostat's forms of exploitation (crim_thb)."""

    SEXUAL = "sexual", _l("Sexual exploitation")
    FORCED_LABOUR = "forced_labour", _l("Forced labour or services")
    OTHER = "other", _l("Other forms of exploitation")
    UNKNOWN = "unknown", _l("Form of exploitation not known")


EXPLOITATION_GROUP_CODES = {
    ExploitationGroup.SEXUAL: "SEX_EXP", ExploitationGroup.FORCED_LABOUR: "LAB_EXP",
    ExploitationGroup.OTHER: "OTH_EXP", ExploitationGroup.UNKNOWN: "UNK",
}
# HTCDS vic_TypeOfExploitation values in each Eurostat group; a person with
# several forms counts once, in the first group of this order.
EXPLOITATION_GROUPS = {
    ExploitationGroup.SEXUAL: (Exploitation.SEXUAL,),
    ExploitationGroup.FORCED_LABOUR: (Exploitation.FORCED_LABOUR, Exploitation.CHILD_LABOUR, Exploitation.SERVITUDE),
    ExploitationGroup.OTHER: (Exploitation.FORCED_MARRIAGE, Exploitation.FORCED_BEGGING, Exploitation.ORGAN_REMOVAL,
                              Exploitation.FORCED_CRIMINALITY, Exploitation.OTHER),
}

# The bodies whose decision identifies a victim for the indicator, in rank order.
IDENTIFYING_BODIES = (DecisionBody.DIS, DecisionBody.CMM, DecisionBody.POLICE, DecisionBody.COURT)
# HTCDS vic_TraffickingStatusDecisionMakingOrg values of the bodies.
BODY_HTCDS = {DecisionBody.DIS: "NonPoliceGovernmentalOrganization",
              DecisionBody.CMM: "NonPoliceGovernmentalOrganization",
              DecisionBody.POLICE: "Police", DecisionBody.COURT: "CourtOrProsecution"}

GENDERS = tuple(Gender)


def rank_of(value, ordered):
    """1-based position of ``value`` in ``ordered``; UNKNOWN_RANK when it is not there."""
    return ordered.index(value) + 1 if value in ordered else UNKNOWN_RANK


def age_band(birth_year, reference_year):
    """The CTDC band of someone born in ``birth_year`` during ``reference_year``; None when unknown."""
    if birth_year is None or reference_year is None or birth_year > reference_year:
        return None
    # Only years are kept, so the age is the one reached during the reference year.
    age = reference_year - birth_year
    return [band for start, band in _BAND_STARTS if age >= start][-1]


def citizenship_group(codes):
    """The Eurostat group of a person holding the citizenships ``codes``.

    Several citizenships count once, with the precedence Eurostat uses for
    migration statistics: the reporting country, then another EU country,
    then a country outside the EU.
    """
    return citizenship_key(codes)[0]


def citizenship_key(codes):
    """(group, country) a person with citizenships ``codes`` counts under; country None when unknown.

    The country is the one that decides the group: Denmark, else the first
    EU country listed, else the first country listed.
    """
    codes = [code.upper() for code in codes if code]
    if REPORTING_COUNTRY in codes:
        return CitizenshipGroup.REPORTING_COUNTRY, REPORTING_COUNTRY
    eu = [code for code in codes if code in EU_MEMBERS]
    if eu:
        return CitizenshipGroup.OTHER_EU, eu[0]
    if codes:
        return CitizenshipGroup.NON_EU, codes[0]
    return CitizenshipGroup.UNKNOWN, None


def exploitation_group(codes):
    """The Eurostat group of a case with the HTCDS exploitation values ``codes``."""
    for group, members in EXPLOITATION_GROUPS.items():
        if any(code in members for code in codes):
            return group
    return ExploitationGroup.OTHER if any(codes) else ExploitationGroup.UNKNOWN
