"""Statistical categories: CTDC age bands and Eurostat citizenship groups (DESIGN §4)."""

from enum import StrEnum

# The reporting country of every caseapp installation.
REPORTING_COUNTRY = "DK"
# EU member states (ISO 3166 alpha-2) besides the reporting country.
EU_MEMBERS = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
})


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


class CitizenshipGroup(StrEnum):
    """Eurostat's citizenship groups."""

    REPORTING_COUNTRY = "reporting_country"
    OTHER_EU = "other_eu"
    NON_EU = "non_eu"
    UNKNOWN = "unknown"


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
    codes = {code.upper() for code in codes if code}
    if not codes:
        return CitizenshipGroup.UNKNOWN
    if REPORTING_COUNTRY in codes:
        return CitizenshipGroup.REPORTING_COUNTRY
    if codes & EU_MEMBERS:
        return CitizenshipGroup.OTHER_EU
    return CitizenshipGroup.NON_EU
