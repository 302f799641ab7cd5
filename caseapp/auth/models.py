"""Users and their roles."""

import uuid
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseapp.core.database import UUIDPrimaryKey
from caseapp.core.enums import LabelledEnum
from caseapp.core.models import UTCDateTime, string_enum, utcnow
from caseapp.crypto import encrypted
from caseapp.extensions import db
from caseapp.orgs.models import Organisation


class Role(LabelledEnum):
    """What a user may do; the sysadmin and the statistics coordinator belong to no organisation."""

    OUTREACH = "outreach", _l("Outreach worker")
    SHELTER_STAFF = "shelter_staff", _l("Shelter staff")
    COORDINATOR = "coordinator", _l("Coordinator")
    ADMIN = "admin", _l("Organisation admin")
    SYSADMIN = "sysadmin", _l("System administrator")
    # Installation-wide, like the sysadmin: exports the indicator across organisations, sees nothing else.
    STATISTICS = "statistics", _l("Statistics coordinator")


# Roles that belong to the installation, not to an organisation.
INSTALLATION_ROLES = (Role.SYSADMIN, Role.STATISTICS)
# Roles an organisation admin may hand out (never sysadmin).
ORGANISATION_ROLES = (Role.OUTREACH, Role.SHELTER_STAFF, Role.COORDINATOR, Role.ADMIN)


class User(UserMixin, UUIDPrimaryKey, db.Model):
    """A staff member who signs in; never a person the NGO helps."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "(role IN ('sysadmin', 'statistics') AND organisation_id IS NULL)"
            " OR (role NOT IN ('sysadmin', 'statistics') AND organisation_id IS NOT NULL)",
            name="installation_roles_have_no_organisation",
        ),
    )

    email: Mapped[str] = mapped_column(db.String(254), unique=True)
    display_name: Mapped[str] = mapped_column(db.String(120))
    # None: follow the browser's Accept-Language.
    locale: Mapped[str | None] = mapped_column(db.String(5))
    active: Mapped[bool] = mapped_column(default=True)
    role: Mapped[Role] = mapped_column(string_enum(Role, "user_role"))
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisations.id"), index=True
    )
    password_hash: Mapped[str] = mapped_column(db.String(255))
    must_change_password: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # Two-factor sign-in: the TOTP secret is encrypted like any personal field.
    totp_secret = encrypted("totp_secret")
    totp_pending_secret = encrypted("totp_pending_secret")
    # Highest TOTP time step used so far: a code is never accepted twice.
    totp_last_step: Mapped[int] = mapped_column(db.BigInteger, default=0)
    # Until when some client address must wait before trying this account again (see auth.lockout);
    # shown to admins, who can lift every wait at once.
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_active(self):
        """Deactivated users cannot sign in or keep a session."""
        return self.active

    @property
    def has_second_factor(self):
        """True once the user has enrolled an authenticator app."""
        return self.totp_secret_enc is not None

    @property
    def role_label(self):
        """The translated name of the user's role."""
        return Role(self.role).label


class RecoveryCode(UUIDPrimaryKey, db.Model):
    """A single-use recovery code, stored as a hash."""

    __tablename__ = "recovery_codes"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(db.String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class UserSession(UUIDPrimaryKey, db.Model):
    """A server-side record of one sign-in; revoking it ends the session at once."""

    __tablename__ = "user_sessions"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A short browser description so users recognise their own sessions.
    user_agent: Mapped[str] = mapped_column(db.String(160), default="")


class SignInDelay(db.Model):
    """Failed sign-ins of one typed account from one client address, both as keyed hashes."""

    __tablename__ = "sign_in_delays"

    account_key: Mapped[str] = mapped_column(db.String(64), primary_key=True)
    address_key: Mapped[str] = mapped_column(db.String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
