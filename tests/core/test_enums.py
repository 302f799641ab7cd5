"""Enums that carry their labels: stored codes unchanged, labels translated where they are shown."""

from flask_babel import force_locale

from caseapp.cases.lifecycle import CaseStatus
from caseapp.contacts.models import PlaceType


def test_member_is_still_its_stored_code():
    """A labelled member compares, prints and looks up as the plain code the database holds."""
    assert CaseStatus.REFLECTION == "reflection"
    assert f"{CaseStatus.REFLECTION}" == "reflection"
    assert CaseStatus("reflection") is CaseStatus.REFLECTION


def test_label_follows_the_locale(app):
    """The same member reads in Danish or English depending on the locale it is shown in."""
    with app.test_request_context():
        with force_locale("da"):
            assert str(PlaceType.CLINIC.label) == "Klinik eller bordel"
        with force_locale("en"):
            assert str(PlaceType.CLINIC.label) == "Clinic or brothel"


def test_choices_keep_declaration_order_or_the_order_given(app):
    """Select options list every member in declaration order, or just the members asked for."""
    with app.test_request_context(), force_locale("da"):
        assert [(value, str(label)) for value, label in CaseStatus.choices()][:3] == [
            ("open", "Åben"), ("identified", "Identificeret"), ("not_victim", "Ikke offer")]
        assert [value for value, _label in CaseStatus.choices([CaseStatus.CLOSED, CaseStatus.OPEN])] == [
            "closed", "open"]


def test_label_of_a_stored_code(app):
    """A code read back as text gets its member's label; a code no member has is shown as it is."""
    with app.test_request_context(), force_locale("da"):
        assert str(PlaceType.label_of("street")) == "Gaden"
        assert PlaceType.label_of("retired_code") == "retired_code"


def test_labels_are_translated_once_for_a_whole_list(app):
    """A list page gets every member's label as plain text in the user's language, by member."""
    with app.test_request_context(), force_locale("da"):
        labels = PlaceType.labels()
    assert labels[PlaceType.CLINIC] == "Klinik eller bordel" and type(labels[PlaceType.CLINIC]) is str
    assert set(labels) == set(PlaceType)
