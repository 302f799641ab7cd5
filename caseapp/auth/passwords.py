"""Argon2id password hashing and the password policy."""

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l

COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")


def _hasher():
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST_KIB"],
        parallelism=config["ARGON2_PARALLELISM"],
        type=Type.ID,
    )


def hash_password(password):
    """Hash ``password`` with Argon2id under the configured cost."""
    return _hasher().hash(password)


def verify_password(password_hash, password):
    """True when ``password`` matches ``password_hash``."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash):
    """True when the hash was made with other parameters than configured now."""
    return _hasher().check_needs_rehash(password_hash)


@cache
def common_passwords():
    """The refused common passwords, lower-cased."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problems(password):
    """Return translated reasons why ``password`` is refused; empty when it is fine."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    problems = []
    if len(password) < minimum:
        problems.append(_l("Use at least %(num)d characters.", num=minimum))
    if password.strip().lower() in common_passwords():
        problems.append(_l("This password is too common. Choose another."))
    return problems
