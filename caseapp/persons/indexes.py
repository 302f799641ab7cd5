"""The persons' blind indexes over several fields, and the value clean-up saving and search share."""

from caseapp.crypto import blind_index, compound_blind_index, normalise_name, normalise_year

# The full name is the main search key, so it gets more bits than the
# per-field indexes: fewer false candidates to decrypt (see crypto.blind_index).
FULL_NAME_BITS = 14


def full_name_index(given_names, family_name):
    """Blind index of given names and family name together."""
    full = " ".join(part for part in (given_names, family_name) if part)
    return blind_index("persons", "full_name", full or None, normalise_name, bits=FULL_NAME_BITS)


def given_names_birth_year_index(given_names, birth_year):
    """Compound blind index of given names and birth year."""
    parts = [(given_names, normalise_name), (birth_year, normalise_year)]
    return compound_blind_index("persons", "given_names_birth_year", parts)


def person_row_indexes(values):
    """Both multi-field indexes of a person row from its decrypted and plain ``values`` (for rotation)."""
    given = values["given_names"]
    return {"full_name_bidx": full_name_index(given, values["family_name"]),
            "given_names_birth_year_bidx": given_names_birth_year_index(given, values["birth_year"])}


def non_blank(values):
    """The values stripped, without the empty ones."""
    return [value.strip() for value in values if value and value.strip()]
