"""Sign-in and own-account forms."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from caseapp.auth.passwords import password_problems
from caseapp.core.forms import Form, choices

LANGUAGE_CHOICES = (("", _l("As my browser")), ("da", "Dansk"), ("en", "English"))


def strong_password(_form, field):
    """WTForms validator applying the password policy."""
    problems = password_problems(field.data or "")
    if problems:
        raise ValidationError(" ".join(str(problem) for problem in problems))


class LoginForm(Form):
    """Email and password."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])
    submit = SubmitField(_l("Sign in"))


class NewPasswordMixin:
    """Fields for choosing a new password twice."""

    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(max=1024), strong_password]
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords do not match."))],
    )


class ChangePasswordForm(NewPasswordMixin, Form):
    """Change one's own password."""

    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    submit = SubmitField(_l("Change password"))


class ProfileForm(Form):
    """One's own display name and language."""

    display_name = StringField(_l("Display name"), validators=[DataRequired(), Length(max=120)])
    locale = SelectField(_l("Language"), choices=choices(LANGUAGE_CHOICES))
    submit = SubmitField(_l("Save"))


class CodeForm(Form):
    """The six-digit code from the authenticator app, or a recovery code."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)])
    submit = SubmitField(_l("Continue"))


class EndSessionForm(Form):
    """End one of one's own sessions."""

    session_id = HiddenField(validators=[DataRequired()])
    submit = SubmitField(_l("End session"))
