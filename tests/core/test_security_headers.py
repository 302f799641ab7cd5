"""Strict security headers on every page."""

import pytest

from tests.conftest import login


def test_login_page_carries_the_strict_headers(client):
    """CSP without inline script or style, no framing, no referrer, no sniffing, a closed Permissions-Policy."""
    headers = client.get("/login").headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]


def test_no_hsts_over_plain_http_in_development(client):
    """HSTS is only sent where cookies are Secure (production over HTTPS)."""
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_hsts_when_cookies_are_secure(app, client, monkeypatch):
    """With Secure cookies (production), HSTS pins HTTPS for two years."""
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    assert client.get("/login").headers["Strict-Transport-Security"].startswith("max-age=63072000")


@pytest.mark.parametrize("path", ["/home", "/persons/", "/cases/mine", "/contacts/", "/account/sessions"])
def test_signed_in_pages_are_never_stored(client, org_a, make_user, path):
    """Every signed-in page says Cache-Control: no-store."""
    login(client, make_user(org_a).email)
    assert client.get(path).headers["Cache-Control"] == "no-store"


def test_templates_hold_no_inline_script_or_style():
    """No template has a <script> body, an on* handler or a style attribute (the CSP would block them)."""
    import re

    from caseapp import ROOT

    offenders = []
    for template in (ROOT / "caseapp" / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|\sstyle=|<style", text):
            offenders.append(template.name)
    assert not offenders


def test_every_page_but_the_static_files_says_no_store(app, client):
    """Signed out too: sign-in steps, error pages and health answers are never stored; static files may be."""
    for path in ("/login", "/login/enrol", "/login/verify", "/health", "/no-such-page"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    assert "no-store" not in client.get("/static/css/app.css").headers.get("Cache-Control", "")
