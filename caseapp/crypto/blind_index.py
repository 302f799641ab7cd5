"""Blind indexes: truncated keyed HMACs of normalised values, for exact-match search.

Each column has its own index key, derived with HKDF from the index root key
and the table and column names, so the same value in two columns gives two
unrelated indexes. An index is HMAC-SHA256 of the normalised value under that
key, truncated to ``BLIND_INDEX_BITS`` bits and stored as lowercase hex (the
unused low bits of the last byte are zero). Truncation is deliberate: many
rows share each index value, so the index alone never identifies a person;
a lookup returns candidates that the caller confirms by decrypting.

Sizing follows CipherSweet's blind-index planning rule. With R rows and
indexes of L_i bits over inputs of K_i bits of entropy, the expected number
of rows sharing one combination of index values is

    C = R / 2 ** sum(min(L_i, K_i))

and a safe index keeps about 2 <= C <= sqrt(R): at least two rows per value
(so a value never pins down one row) and at most sqrt(R) false positives (so
the index is still worth having). ``recommend_bits`` reproduces CipherSweet's
planner, whose maximum is the first size at which C falls below 2.

Default: R = 50,000 persons over the life of an installation (about ten
times the national number of presumed victims the organisations meet each
year, kept for twenty years). For a first index the planner gives 8 to 15
bits (C = 195 at 8 bits, 1.5 at 15). The default is the low end, 8 bits,
because the budget is shared by every index on the same row: next to an
8-bit index the planner allows at most 7 more bits (C = 1.5), and 6 keep
C >= 2; give such an index its size with ``bits=``.
"""

import math
import re
import unicodedata
from datetime import date, datetime

import phonenumbers
from flask import current_app

from caseapp.crypto.loading import get_keyring

DEFAULT_BITS = 8
MAX_BITS = 128
# Hex of MAX_BITS; model columns holding an index use this length.
INDEX_LENGTH = MAX_BITS // 4
DEFAULT_PHONE_REGION = "DK"
# Letters that Unicode does not decompose into a base letter plus accent.
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})
# For str patterns \w is exactly the Unicode letters (L*) and numbers (N*) plus "_"
# (tests/crypto/test_blind_index.py checks every code point), so this removes
# everything else: accents (combining marks), hyphens, dots, "_" and all whitespace.
_NOT_LETTER_OR_NUMBER = re.compile(r"[\W_]+")


def normalise_name(value):
    """Case-, accent-, space- and punctuation-insensitive form of a name; None when empty."""
    kept = _NOT_LETTER_OR_NUMBER.sub("", unicodedata.normalize("NFKD", value.casefold()))
    return (kept if kept.isascii() else kept.translate(_FOLD)) or None


def normalise_phone(value, region=DEFAULT_PHONE_REGION):
    """A phone number in E.164 form (+4512345678), reading local numbers as ``region``; None when empty."""
    text = value.strip()
    if not text:
        return None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        # Not a phone number at all: index the digits so the same typing still matches.
        return re.sub(r"\D", "", text) or None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_date(value):
    """A date (date, datetime or ISO string) in ISO form YYYY-MM-DD."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        value = date.fromisoformat(value.strip())
    return value.isoformat()


def normalise_year(value):
    """The year of a date, or a year number, as four digits."""
    return f"{value.year if isinstance(value, date) else int(value):04d}"


def blind_index(table, column, value, normaliser, *, keyring=None, bits=None):
    """The blind index of ``value`` in ``table.column``; None for a missing or empty value."""
    normalised = None if value is None else normaliser(value)
    if normalised is None:
        return None
    return _index(table, column, normalised, keyring, bits)


def compound_blind_index(table, name, parts, *, keyring=None, bits=None):
    """One blind index over several ``(value, normaliser)`` parts, e.g. given name and birth year."""
    normalised = [None if value is None else normaliser(value) for value, normaliser in parts]
    if any(part is None for part in normalised):
        return None
    # Length prefixes keep ("ab", "c") and ("a", "bc") apart.
    return _index(table, name, "".join(f"{len(part)}:{part}" for part in normalised), keyring, bits)


def configured_bits():
    """BLIND_INDEX_BITS of the current app, or the default outside an app."""
    return current_app.config.get("BLIND_INDEX_BITS", DEFAULT_BITS) if current_app else DEFAULT_BITS


def coincidences(population, indexes):
    """CipherSweet's expected rows per index combination for ``(bits, input_bits)`` pairs."""
    return max(1, population) / 2 ** sum(min(bits, domain) for bits, domain in indexes)


def recommend_bits(population, existing=(), domain_bits=256):
    """CipherSweet's (min, max) size in bits for one more index next to ``existing``."""
    boundary = max(2, coincidences(population, [*existing, (257, domain_bits)]))
    low = high = None
    for bits in range(256, 0, -1):
        count = coincidences(population, [*existing, (bits, domain_bits)])
        if high is None and count > boundary:
            high = bits + 1
        if 2 <= count <= math.sqrt(population):
            low = bits
    high = high or min(256, domain_bits)
    return min(low or 1, high), high


def _index(table, column, normalised, keyring, bits):
    """Truncated HMAC-SHA256 of ``normalised`` under the column's index key, as hex."""
    bits = bits or configured_bits()
    if not 1 <= bits <= MAX_BITS:
        raise ValueError(f"Blind index size must be 1 to {MAX_BITS} bits, not {bits}.")
    mac = (keyring or get_keyring()).column_index_hmac(table, column)
    mac.update(normalised.encode("utf-8"))
    digest = bytearray(mac.finalize()[: math.ceil(bits / 8)])
    digest[-1] &= (0xFF << (-bits % 8)) & 0xFF
    return digest.hex()
