"""`caseapp users create-sysadmin`."""

from sqlalchemy import select

from caseapp.auth.models import Role, User
from caseapp.extensions import db
from tests.conftest import run_cli


def test_create_sysadmin_makes_a_user_outside_every_organisation(app):
    """The command creates a sysadmin with no organisation."""
    result = run_cli(app, [
        "users", "create-sysadmin", "--email", "root@example.org", "--name", "Root",
        "--password", "violet-harbour-lantern"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "root@example.org"))
    assert (user.role, user.organisation_id) == (Role.SYSADMIN, None)
    assert "violet-harbour-lantern" not in result.output


def test_create_sysadmin_refuses_a_weak_password(app):
    """A short password is refused with the policy's reason and no user is made."""
    result = run_cli(app, [
        "users", "create-sysadmin", "--email", "root@example.org", "--name", "Root", "--password", "short"])
    assert result.exit_code != 0
    assert "12" in result.output
    assert db.session.scalar(select(User).where(User.email == "root@example.org")) is None
