"""Security headers on every response; no caching of anything but the static files."""

from flask import current_app, request

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

# No page needs these browser features; deny them to any embedded content too.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), "
    "accelerometer=(), gyroscope=(), magnetometer=(), fullscreen=(self)"
)


def set_security_headers(response):
    """Add the headers every caseapp response carries."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    if current_app.config["SESSION_COOKIE_SECURE"]:
        # Production runs on HTTPS only: browsers must never fall back to HTTP.
        headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
    if request.endpoint != "static":
        # Signed-in pages may show personal data, and pages before sign-in may show secrets (the
        # authenticator enrolment) or error references: only the static files may be stored. Deciding
        # by endpoint, not by who is signed in, keeps this hook away from the database.
        headers["Cache-Control"] = "no-store"
    return response


def init_app(app):
    """Install the header hook."""
    app.after_request(set_security_headers)
