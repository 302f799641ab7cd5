"""Two-factor sign-in: TOTP (RFC 6238) codes that are never accepted twice, and recovery codes."""

import hashlib
import hmac
import secrets
import time

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, select

from caseapp.auth.models import RecoveryCode
from caseapp.core.models import utcnow
from caseapp.extensions import db

RECOVERY_CODE_COUNT = 10
STEP_SECONDS = 30
# Codes from one step before or after now are accepted, for clocks that drift.
VALID_WINDOW = 1


def new_secret():
    """A fresh random TOTP secret (base32)."""
    return pyotp.random_base32()


def provisioning_uri(user, secret):
    """The otpauth:// URI an authenticator app reads from the QR code (user id, never the email)."""
    return pyotp.TOTP(secret).provisioning_uri(name=str(user.id)[:8], issuer_name=current_app.config["TOTP_ISSUER"])


def qr_data_uri(uri):
    """The QR code of ``uri`` as an SVG data URI (no script, allowed by the CSP)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def current_step(at=None):
    """The TOTP time step for ``at`` (default: now)."""
    return int((at or time.time()) // STEP_SECONDS)


def matching_step(secret, code, at=None):
    """The time step whose code equals ``code`` within the window, or None."""
    code = "".join(code.split())
    if not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = current_step(at)
    for step in range(now - VALID_WINDOW, now + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def verify_totp(user, code, secret=None):
    """True when ``code`` is valid for the user and newer than any code used before; records its use."""
    step = matching_step(secret or user.totp_secret, code)
    if step is None or step <= user.totp_last_step:
        return False
    user.totp_last_step = step
    return True


def new_recovery_codes(user):
    """Replace the user's recovery codes with fresh ones; returns them in clear, to show once."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_code_hash(code)) for code in codes)
    db.session.flush()
    return codes


def use_recovery_code(user, code):
    """True when ``code`` is one of the user's unused recovery codes; it is then spent."""
    query = select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None),
                                       RecoveryCode.code_hash == _code_hash(code))
    found = db.session.scalar(query)
    if found is None:
        return False
    found.used_at = utcnow()
    db.session.flush()
    return True


def remove_second_factor(user):
    """Forget the user's authenticator and recovery codes (an admin reset)."""
    user.totp_secret = None
    user.totp_pending_secret = None
    user.totp_last_step = 0
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.flush()


def _code_hash(code):
    # Recovery codes carry 48 random bits, so a fast hash suffices; the pepper
    # keeps a stolen table useless without the application's key.
    normalised = "".join(code.lower().split())
    pepper = current_app.config["SECRET_KEY"].encode()
    return hmac.new(pepper, normalised.encode(), hashlib.sha256).hexdigest()
