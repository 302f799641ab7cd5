"""Security headers on every response; no caching of signed-in pages."""

from flask_login import current_user

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def set_security_headers(response):
    """Add the headers every caseapp response carries."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if current_user and current_user.is_authenticated:
        # Pages behind sign-in may show personal data: never store them.
        headers["Cache-Control"] = "no-store"
    return response


def init_app(app):
    """Install the header hook."""
    app.after_request(set_security_headers)
