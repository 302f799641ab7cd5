"""Encrypting one cell: round trip, tamper and swap refusal, key ids and rotation."""

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseapp.crypto import DecryptionError, UnknownKeyError, decrypt, encrypt, key_id_of, reencrypt
from caseapp.crypto.keys import keyring_from_document

ROW = uuid.UUID("00000000-0000-4000-8000-000000000001")
OTHER_ROW = uuid.UUID("00000000-0000-4000-8000-000000000002")
SECRET = "Ștefania Popescu"


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text())
def test_any_unicode_text_decrypts_to_itself(keyring, text):
    """Whatever Unicode is stored comes back unchanged, including the empty string."""
    assert decrypt(keyring, encrypt(keyring, text, "persons", "notes", ROW), "persons", "notes", ROW) == text


def test_ciphertext_does_not_contain_the_plaintext(keyring):
    """The stored bytes do not give the name away."""
    stored = encrypt(keyring, SECRET, "persons", "given_names", ROW)
    assert SECRET.encode() not in stored and b"Popescu" not in stored


def test_same_text_encrypts_differently_each_time(keyring):
    """Equal values do not produce equal ciphertexts (random nonce)."""
    assert encrypt(keyring, SECRET, "persons", "given_names", ROW) != encrypt(
        keyring, SECRET, "persons", "given_names", ROW
    )


@pytest.mark.parametrize("position", [-1, -20, 15])
def test_tampered_ciphertext_is_refused(keyring, position):
    """Flipping one bit anywhere in the nonce, body or tag is refused, not decrypted to garbage."""
    stored = bytearray(encrypt(keyring, SECRET, "persons", "given_names", ROW))
    stored[position] ^= 0x01
    with pytest.raises(DecryptionError, match="altered"):
        decrypt(keyring, bytes(stored), "persons", "given_names", ROW)


def test_truncated_ciphertext_is_refused(keyring):
    """A cut-off value gives a clear error rather than an exception from deep inside."""
    stored = encrypt(keyring, SECRET, "persons", "given_names", ROW)
    with pytest.raises(DecryptionError, match="truncated"):
        decrypt(keyring, stored[:20], "persons", "given_names", ROW)


def test_ciphertext_copied_to_another_row_is_refused_naming_the_cell(keyring):
    """A value moved to another person's row fails; the error names table, column and row, not the text."""
    stored = encrypt(keyring, SECRET, "persons", "given_names", ROW)
    with pytest.raises(DecryptionError) as caught:
        decrypt(keyring, stored, "persons", "given_names", OTHER_ROW)
    message = str(caught.value)
    assert "persons.given_names" in message and str(OTHER_ROW) in message
    assert "Popescu" not in message


def test_ciphertext_copied_to_another_column_is_refused(keyring):
    """A name moved into the notes column of the same row fails to decrypt."""
    stored = encrypt(keyring, SECRET, "persons", "given_names", ROW)
    with pytest.raises(DecryptionError, match="persons.notes"):
        decrypt(keyring, stored, "persons", "notes", ROW)


def test_unknown_key_id_error_names_the_key(key_document, rotated_document):
    """A value written under a key that was removed names that key instead of decrypting wrongly."""
    newer = keyring_from_document(rotated_document, "test")
    stored = encrypt(newer, SECRET, "persons", "given_names", ROW)
    missing = rotated_document["data"][-1]["id"]
    with pytest.raises(UnknownKeyError, match=missing) as caught:
        decrypt(keyring_from_document(key_document, "test"), stored, "persons", "given_names", ROW)
    assert caught.value.key_id == missing


def test_newest_key_encrypts_and_old_keys_still_decrypt(key_document, rotated_document):
    """After adding a key, new values use it and values under the old key still read."""
    old_ring = keyring_from_document(key_document, "old")
    new_ring = keyring_from_document(rotated_document, "new")
    old_value = encrypt(old_ring, SECRET, "persons", "given_names", ROW)
    new_value = encrypt(new_ring, SECRET, "persons", "given_names", ROW)
    assert key_id_of(old_value) == key_document["data"][0]["id"]
    assert key_id_of(new_value) == rotated_document["data"][-1]["id"] == new_ring.newest_id
    assert decrypt(new_ring, old_value, "persons", "given_names", ROW) == SECRET


def test_reencrypt_moves_a_stored_value_to_the_newest_key(key_document, rotated_document):
    """Rotation re-encrypts a raw stored value under the newest key, keeping its text and binding."""
    old_value = encrypt(keyring_from_document(key_document, "old"), SECRET, "persons", "given_names", ROW)
    new_ring = keyring_from_document(rotated_document, "new")
    rotated = reencrypt(new_ring, old_value, "persons", "given_names", ROW)
    assert key_id_of(rotated) == new_ring.newest_id
    assert decrypt(new_ring, rotated, "persons", "given_names", ROW) == SECRET
    with pytest.raises(DecryptionError):
        decrypt(new_ring, rotated, "persons", "given_names", OTHER_ROW)
