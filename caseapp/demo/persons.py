"""Fake but realistic persons for the demo NGOs, the same ones for the same seed."""

from dataclasses import dataclass
from datetime import date, timedelta

import phonenumbers
from faker import Faker

from caseapp.persons.models import Gender
from caseapp.persons.services import PersonData


@dataclass(frozen=True)
class Origin:
    """A Faker locale with the country and languages that go with it."""

    locale: str
    country: str
    languages: tuple[str, ...]


ORIGINS = (
    Origin("ro_RO", "RO", ("ro",)),
    Origin("bg_BG", "BG", ("bg",)),
    Origin("en_NG", "NG", ("en",)),
    Origin("yo_NG", "NG", ("yo", "en")),
    Origin("th_TH", "TH", ("th",)),
    Origin("es_ES", "ES", ("es",)),
    Origin("da_DK", "DK", ("da",)),
)
# Mostly women and men, as in the NGOs' caseloads, with every HTCDS value occurring.
GENDERS = [Gender.FEMININE] * 12 + [Gender.MASCULINE] * 6 + [
    Gender.TRANSGENDER_FEMININE, Gender.TRANSGENDER_MASCULINE, Gender.NON_CONFORMING, Gender.NOT_SPECIFIED]
SECOND_LANGUAGES = ("en", "de", "it", "da")


def fake_person(rng, fake, origin):
    """One person's data from ``origin``'s locale."""
    gender = rng.choice(GENDERS)
    given = _given_name(fake, gender)
    born = date(2007, 12, 31) - timedelta(days=rng.randrange(365 * 40))
    detail = rng.random()
    return PersonData(
        given_names=given,
        family_name=fake.last_name() if detail > 0.1 else None,
        aliases=_aliases(rng, fake, given),
        # Many arrive without papers: a full date for some, only a year or nothing for the others.
        date_of_birth=born if detail > 0.4 else None,
        birth_year=born.year if 0.15 < detail <= 0.4 else None,
        gender=gender,
        citizenship=[origin.country],
        languages=list(origin.languages) + ([rng.choice(SECOND_LANGUAGES)] if rng.random() < 0.3 else []),
        phones=[_phone(rng, origin.country) for _ in range(rng.choice((0, 1, 1, 1, 2)))],
    )


def faker_for(locale, seed):
    """A Faker for ``locale`` seeded on its own, so one locale's draws never shift another's."""
    fake = Faker(locale)
    fake.seed_instance(f"{seed}:{locale}")
    return fake


def _given_name(fake, gender):
    if gender in (Gender.FEMININE, Gender.TRANSGENDER_FEMININE):
        return fake.first_name_female()
    if gender in (Gender.MASCULINE, Gender.TRANSGENDER_MASCULINE):
        return fake.first_name_male()
    return fake.first_name()


def _aliases(rng, fake, given):
    """None, a short form of the given name, or another first name used on the street."""
    choice = rng.random()
    if choice < 0.5:
        return []
    if choice < 0.8 and len(given) > 4:
        return [given[: rng.randint(3, 4)]]
    return [fake.first_name()]


def _phone(rng, country):
    """A valid mobile number of ``country`` in international format.

    Built from the country's example number rather than Faker's, because
    Faker's bg_BG and Nigerian numbers are mostly not valid numbers.
    """
    example = phonenumbers.example_number_for_type(country, phonenumbers.PhoneNumberType.MOBILE)
    national = str(example.national_number)
    # Keep the mobile prefix, randomise the subscriber part, retry until the number is valid.
    for _ in range(50):
        digits = national[:3] + "".join(str(rng.randrange(10)) for _ in national[3:])
        number = phonenumbers.parse(f"+{example.country_code}{digits}")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
