"""WSGI entry point (``gunicorn wsgi:app``); configuration comes from CASEAPP_* variables."""

from caseapp import create_app

app = create_app()
