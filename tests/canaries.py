"""Canary values and a scanner that looks for them wherever data could leak."""

from sqlalchemy import select

from caseapp.extensions import db

CANARY_NAME = "Zyxcanaria"
CANARY_PHONE = "+40 799 123 456"
CANARY_NOTE = "Canarynote-7f3a"
# A safe house's address: only ever on the shelter's own page.
CANARY_ADDRESS = "Canaryaddress-5b1c"
# The phone is also searched for in the forms it is normalised to.
NEEDLES = [CANARY_NAME, CANARY_NOTE, CANARY_ADDRESS, "799123456", "+40799123456"]


def found_in(value):
    """The canaries found in one value, as text or bytes."""
    if isinstance(value, bytes | bytearray | memoryview):
        raw = bytes(value).lower()
        return [n for n in NEEDLES if n.lower().encode() in raw]
    text = str(value).lower()
    return [n for n in NEEDLES if n.lower() in text]


def plaintext_hits():
    """Every (table, column, canary) found by reading every table as the database holds it."""
    hits = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).mappings():
            hits += [(table.name, column, needle) for column, value in row.items()
                     if value is not None for needle in found_in(value)]
    return hits
