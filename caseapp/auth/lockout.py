"""Growing sign-in delays per account and client address (ASVS 6.3, NIST SP 800-63B 5.2.2).

Failures are counted per pair of typed account and client address. From
LOCKOUT_THRESHOLD failures on, that pair waits LOCKOUT_DELAY_SECONDS, twice
as long after each further failure, at most LOCKOUT_MAX_DELAY_MINUTES. So
whoever guesses passwords slows down only their own tries: the account's
owner still signs in from her own address, and nobody can keep an account
locked by failing on purpose. Unknown emails are counted alike, so a delay
does not tell whether an account exists. A sign-in clears its pair; an
admin's unlock clears every pair of the account. Counts a day old are
forgotten. Account and address are stored only as keyed hashes.
"""

import hashlib
import hmac
import math
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from caseapp.auth.models import SignInDelay
from caseapp.core.models import utcnow
from caseapp.extensions import db

FORGET_AFTER = timedelta(days=1)


class SignInDelayed(Exception):
    """This account may not be tried from this address for ``seconds`` more."""

    def __init__(self, seconds):
        self.seconds = seconds
        super().__init__(f"wait {seconds} s")


def _hash(kind, value):
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{kind}\0{value}".encode(), hashlib.sha256).hexdigest()


def _account_key(email):
    return _hash("account", email.strip().lower())


def check(email, address):
    """Raise SignInDelayed while this account must wait before another try from ``address``."""
    row = db.session.get(SignInDelay, (_account_key(email), _hash("address", address)))
    now = utcnow()
    if row is not None and row.blocked_until is not None and row.blocked_until > now:
        raise SignInDelayed(math.ceil((row.blocked_until - now).total_seconds()))


def is_delayed(email, address):
    """True while this account must wait before another try from ``address``."""
    try:
        check(email, address)
    except SignInDelayed:
        return True
    return False


def record_failure(email, address, user=None):
    """Count a failed password or code; from the threshold on, make this pair wait, longer each time."""
    now = utcnow()
    row = _row(_account_key(email), _hash("address", address))
    if row.last_failure_at is not None and now - row.last_failure_at > FORGET_AFTER:
        row.failures = 0
    row.failures, row.last_failure_at = (row.failures or 0) + 1, now
    delay = _delay(row.failures)
    row.blocked_until = None if delay is None else now + delay
    if user is not None and row.blocked_until is not None:
        user.locked_until = max(filter(None, [user.locked_until, row.blocked_until]))
    db.session.execute(delete(SignInDelay).where(SignInDelay.last_failure_at < now - FORGET_AFTER))
    db.session.flush()


def _delay(failures):
    """The wait after ``failures`` failures: none below the threshold, then doubling up to the maximum."""
    config = current_app.config
    beyond = failures - config["LOCKOUT_THRESHOLD"]
    if beyond < 0:
        return None
    seconds = config["LOCKOUT_DELAY_SECONDS"] * 2 ** min(beyond, 32)
    return timedelta(seconds=min(seconds, config["LOCKOUT_MAX_DELAY_MINUTES"] * 60))


def _row(account_key, address_key):
    """The pair's row, created if new (a concurrent first failure of the same pair is re-read)."""
    row = db.session.get(SignInDelay, (account_key, address_key))
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            row = SignInDelay(account_key=account_key, address_key=address_key, failures=0)
            db.session.add(row)
    except IntegrityError:
        row = db.session.get(SignInDelay, (account_key, address_key))
    return row


def clear(email, address):
    """Forget this pair's failures (after a complete sign-in)."""
    db.session.execute(delete(SignInDelay).where(SignInDelay.account_key == _account_key(email),
                                                 SignInDelay.address_key == _hash("address", address)))
    db.session.flush()


def clear_account(user):
    """Lift every wait on ``user``'s account, from every address (an admin's unlock)."""
    db.session.execute(delete(SignInDelay).where(SignInDelay.account_key == _account_key(user.email)))
    user.locked_until = None
    db.session.flush()
