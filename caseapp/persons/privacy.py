"""What subject access needs of the person record itself; erasure deletes it (aliases and phones cascade)."""

from caseapp.core.exports import fields_json

PERSON_FIELDS = ("given_names", "family_name", "date_of_birth", "birth_year", "gender", "identity_document",
                 "address", "notes", "created_at")


def export_person(_organisation_id, person):
    """The person's own fields, decrypted."""
    return {**fields_json(person, PERSON_FIELDS), "id": str(person.id),
            "aliases": [alias.alias for alias in person.aliases], "phones": [phone.number for phone in person.phones],
            "citizenship": person.citizenship_codes, "languages": person.language_codes}
