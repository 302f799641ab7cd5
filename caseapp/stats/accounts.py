"""Statistics coordinators: installation users who make releases across organisations and see nothing else."""

from sqlalchemy import select

from caseapp.admin.services import temporary_password
from caseapp.auth.models import Role, User
from caseapp.auth.services import create_user
from caseapp.extensions import db


def statistics_coordinators():
    """Every statistics coordinator, by name."""
    query = select(User).where(User.role == Role.STATISTICS).order_by(User.display_name, User.email)
    return db.session.scalars(query).all()


def add_statistics_coordinator(*, email, display_name, locale):
    """Create a statistics coordinator with a temporary password; return both. Raises AccountError."""
    password = temporary_password()
    user = create_user(email=email, display_name=display_name, role=Role.STATISTICS, password=password,
                       organisation=None, locale=locale or None, must_change_password=True)
    return user, password
