"""Blind indexes: normalisers, truncation, per-column keys and CipherSweet sizing."""

import sys
import unicodedata
from datetime import date, datetime

import pytest

from caseapp.crypto import (
    blind_index,
    compound_blind_index,
    normalise_date,
    normalise_name,
    normalise_phone,
    normalise_year,
)
from caseapp.crypto.blind_index import _NOT_LETTER_OR_NUMBER, recommend_bits
from caseapp.crypto.keys import generate_keyring


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [
        ("Ana-Maria  Popescu", "ana maria popescu"),
        ("Ștefania", "stefania"),
        ("ŞTEFANIA", "Stefania"),
        ("José\tÁlvarez\u00a0Núñez", "jose alvareznunez"),
        ("Søren Ærø", "soren aero"),
        ("O'Brien, Mary.", "obrien mary"),
        ("ｆｕｌｌｗｉｄｔｈ", "fullwidth"),
    ],
)
def test_names_typed_differently_normalise_the_same(typed, same_as):
    """Case, accents, hyphens, punctuation and any whitespace do not change a name's index."""
    assert normalise_name(typed) == normalise_name(same_as)


def test_names_keep_every_letter_and_number_of_any_script_and_nothing_else():
    """Every Unicode letter and number survives normalising; every other character is dropped.

    Stored indexes were made with this rule, so a change to it would make
    existing persons unfindable: it is checked for every code point.
    """
    kept_wrongly, dropped_wrongly = [], []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        is_letter_or_number = unicodedata.category(char)[0] in "LN"
        kept = _NOT_LETTER_OR_NUMBER.sub("", char) == char
        if kept != is_letter_or_number:
            (kept_wrongly if kept else dropped_wrongly).append(hex(code))
    assert (kept_wrongly, dropped_wrongly) == ([], [])
    assert normalise_name("Ngọc Ánh ٣٤ 王秀英") == "ngocanh٣٤王秀英"


def test_different_names_stay_different():
    """Normalising does not merge genuinely different names."""
    assert normalise_name("Ana Maria") != normalise_name("Anna Maria")


def test_empty_name_has_no_index(keyring):
    """Blank or punctuation-only input gives no index rather than one shared by all blanks."""
    assert normalise_name("  - ") is None
    assert blind_index("persons", "given_names", " ", normalise_name) is None
    assert blind_index("persons", "given_names", None, normalise_name) is None


@pytest.mark.parametrize(
    "typed", ["+40 721 234 567", "0040721234567", "(+40) 721-234-567", "+40-721-234-567", "0040 (721) 234567"]
)
def test_phone_numbers_in_common_formats_normalise_to_e164(typed):
    """International numbers however typed become the same E.164 number."""
    assert normalise_phone(typed) == "+40721234567"


def test_local_phone_numbers_are_read_as_danish():
    """A number without country code is taken as Danish (the default region)."""
    assert normalise_phone("12 34 56 78") == normalise_phone("+45 12345678") == "+4512345678"


def test_dates_normalise_to_iso():
    """A date, a datetime and an ISO string of the same day index alike."""
    assert normalise_date(date(1999, 3, 7)) == normalise_date(datetime(1999, 3, 7, 12)) == "1999-03-07"
    assert normalise_date(" 1999-03-07 ") == "1999-03-07"
    assert normalise_year(date(1999, 3, 7)) == normalise_year(1999) == "1999"


def test_same_value_typed_differently_has_the_same_index(keyring):
    """Searching for "ana maria popescu" finds a row stored as "Ana-Maria  Popescu"."""
    stored = blind_index("persons", "given_names", "Ana-Maria  Popescu", normalise_name)
    assert stored == blind_index("persons", "given_names", "ana maria popescu", normalise_name)
    assert blind_index("phones", "number", "0040721234567", normalise_phone) == blind_index(
        "phones", "number", "(+40) 721-234-567", normalise_phone
    )


def test_index_keys_differ_per_column(keyring):
    """The same value in two columns gives unrelated indexes, so columns cannot be joined."""
    cells = [("persons", "given_names"), ("persons", "family_name"), ("aliases", "given_names")]
    values = {blind_index(table, column, "Popescu", normalise_name, bits=64) for table, column in cells}
    assert len(values) == len(cells)


def test_index_depends_on_the_index_key():
    """Without the index key nobody can compute an index (it is a keyed HMAC)."""
    first, second = generate_keyring(), generate_keyring()
    assert blind_index("persons", "given_names", "Ana", normalise_name, keyring=first, bits=64) != blind_index(
        "persons", "given_names", "Ana", normalise_name, keyring=second, bits=64
    )


@pytest.mark.parametrize(("bits", "hex_length"), [(8, 2), (12, 4), (16, 4), (64, 16)])
def test_index_is_truncated_to_the_configured_bits(keyring, bits, hex_length):
    """An index keeps only ``bits`` bits: the hex is that long and the unused low bits are zero."""
    value = blind_index("persons", "given_names", "Ana", normalise_name, bits=bits)
    assert len(value) == hex_length
    assert int(value, 16) % 2 ** (hex_length * 4 - bits) == 0


def test_default_size_comes_from_config(app, keyring):
    """BLIND_INDEX_BITS sets the size used when a declaration gives none."""
    assert len(blind_index("persons", "given_names", "Ana", normalise_name)) == app.config["BLIND_INDEX_BITS"] // 4


def test_compound_index_combines_its_parts(keyring):
    """Given name plus birth year matches only when both parts match, however typed."""
    def index(name, born):
        parts = [(name, normalise_name), (born, normalise_year)]
        return compound_blind_index("persons", "given_names+birth_year", parts, bits=64)

    assert index("Ana-Maria", date(1999, 3, 7)) == index("ana maria", 1999)
    assert index("Ana-Maria", 1999) != index("Ana-Maria", 2000)
    assert index("Ana-Maria", None) is None


@pytest.mark.parametrize(
    ("population", "existing", "expected"),
    [(50_000, [], (8, 15)), (50_000, [(4, 16)], (4, 11)), (50_000, [(8, 256)], (1, 7))],
)
def test_sizing_rule_matches_ciphersweet_planner(population, existing, expected):
    """recommend_bits gives the numbers CipherSweet's planner documents for the same inputs."""
    assert recommend_bits(population, existing) == expected


def test_default_size_is_within_the_rule(app):
    """The configured default is a safe size for a first index at the planned population."""
    low, high = recommend_bits(50_000)
    assert low <= app.config["BLIND_INDEX_BITS"] <= high
