"""The referral pack: exactly the ticked and consented fields, Romanian and Thai names intact, audited, not stored."""

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from caseapp.audit.models import AuditEntry
from caseapp.cases.models import ConsentPurpose
from caseapp.cases.services import CaseError, withdraw_consent
from caseapp.extensions import db
from caseapp.returns.pack import make_pack
from tests.returns.conftest import post_on_page

PHONE = "+40 744 555 666"


def text_of(content):
    """The PDF's extracted text (one page)."""
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def test_the_pack_holds_exactly_the_ticked_fields_the_consent_covers(referred):
    """Consent covers names and phones, not citizenship; the worker ticks family name, phones and citizenship."""
    prepared = referred(fields=["given_names", "family_name", "phones"], phones=[PHONE], identity_document="X123")
    filename, content = make_pack(prepared, ["family_name", "phones", "citizenship", "identity_document"])
    text = text_of(content)
    assert filename == f"{prepared.case.reference}.pdf"
    assert "Țăranu" in text and PHONE in text  # ticked and consented
    assert "Ștefania" not in text  # consented, not ticked
    assert "Romania" not in text and "Citizenship" not in text and "X123" not in text  # ticked, not consented
    assert "IOM" in text and prepared.case.reference in text


@pytest.mark.parametrize(("given", "family"), [("Ștefania", "Țăranu"), ("สมหญิง", "ใจดี"), ("Мария", "Иванова")])
def test_romanian_thai_and_cyrillic_names_come_out_intact(referred, given, family):
    """The embedded fonts and text shaping keep every letter and mark (extracted text equals the name)."""
    prepared = referred(given_names=given, family_name=family)
    _name, content = make_pack(prepared, ["given_names", "family_name"])
    text = text_of(content)
    assert given in text and family in text


def test_without_the_consent_no_pack_is_made(referred, worker):
    """Withdrawing the consent stops the pack."""
    prepared = referred()
    withdraw_consent(prepared.case, worker, ConsentPurpose.SHARE_RETURN_ORGANISATION)
    with pytest.raises(CaseError):
        make_pack(prepared, ["given_names"])


def test_downloading_the_pack_is_audited_and_never_cached(signed_in, referred, tmp_path, monkeypatch):
    """The response is a PDF named by the reference, no-store, and the audit trail names the fields."""
    monkeypatch.chdir(tmp_path)
    client, _user = signed_in()
    prepared = referred(fields=["given_names", "family_name"])
    path = f"/returns/{prepared.id}"
    response = post_on_page(client, path, f"{path}/pack", "pack", {"fields": ["given_names"]})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert f'filename={prepared.case.reference}.pdf' in response.headers["Content-Disposition"]
    assert "Ștefania" in text_of(response.data) and "Țăranu" not in text_of(response.data)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "return.pack"))
    assert entry.target_id == str(prepared.id) and entry.detail["fields"] == "given_names"
    assert entry.detail["person_id"] == str(prepared.case.person_id)
    assert list(tmp_path.iterdir()) == []
