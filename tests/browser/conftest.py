"""Browser fixtures: the real app served on a local port with demo data, driven by system Chromium.

The live app commits for real, so it cannot use the per-test rollback. On
SQLite it gets its own temporary database file; on PostgreSQL it shares the
suite's database and deletes every row it made when the module ends.

Without Chromium the browser tests skip; CASEAPP_REQUIRE_BROWSER=1 (set in
CI) turns that skip into a failure so a missing browser cannot pass silently.
"""

import os
import threading

import pytest
from werkzeug.serving import make_server

from caseapp import create_app
from caseapp.demo.services import DEMO_ACCOUNTS, create_demo_data
from caseapp.auth.services import find_user_by_email
from caseapp.auth.twofactor import new_recovery_codes
from caseapp.extensions import db
from tests.conftest import second_factor_code
from tests.databases import reset_database

# CASEAPP_CHROMIUM points elsewhere, e.g. to prove the skip/fail paths.
CHROMIUM = os.environ.get("CASEAPP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}


def browser_unavailable(reason):
    """Skip the test, or fail it when CASEAPP_REQUIRE_BROWSER=1 demands a browser."""
    if os.environ.get("CASEAPP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (CASEAPP_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


def demo_account(role):
    """The first demo account with ``role``."""
    return next(account for account in DEMO_ACCOUNTS if account.role == role)


# The app served to the browser, so sign_in can read what the user's authenticator would show.
LIVE = {}


def sign_in(page, email, password):
    """Sign in through the login form as a person would, by the fields' labels, then give the code."""
    page.goto("/login")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    if page.url.endswith("/login/verify"):
        with LIVE["app"].app_context():
            # Spent all codes of this half-minute? A recovery code avoids waiting.
            code = second_factor_code(email, wait=False) or LIVE["recovery"][email].pop()
        page.get_by_label("Code", exact=True).fill(code)
        page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def main_menu(page):
    """The main menu, opened first where it sits behind its button (on a phone), as a person would."""
    menu = page.locator("details.app-menu")
    if menu.locator("summary").is_visible() and menu.get_attribute("open") is None:
        menu.locator("summary").click()
    return page.locator("nav.app-nav")


def _live_database_url(database_url, tmp_path_factory):
    """SQLite: a fresh file of its own; PostgreSQL: the suite's database."""
    if database_url.startswith("sqlite"):
        return "sqlite:///" + str(tmp_path_factory.mktemp("live") / "live.sqlite")
    return database_url


def _fill_with_demo_data(live_app):
    """Build the schema if needed and commit the demo installation."""
    if live_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        reset_database(live_app)
    # PostgreSQL: the session ``app`` fixture has already migrated this database.
    with live_app.app_context():
        create_demo_data()
        LIVE["recovery"] = {account.email: new_recovery_codes(find_user_by_email(account.email))
                            for account in DEMO_ACCOUNTS}
        db.session.commit()


def _delete_all_rows(live_app):
    """Leave a shared PostgreSQL database as empty as the rest of the suite expects.

    SQLite runs on a file of its own, thrown away with the temporary folder.
    The append-only audit table refuses deletes by trigger, so this cleanup
    switches triggers off for its own transaction, as a database owner would.
    """
    with live_app.app_context():
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
                for table in reversed(db.metadata.sorted_tables):
                    connection.execute(table.delete())
        db.engine.dispose()


@pytest.fixture(scope="module")
def live_server(app, database_url, tmp_path_factory):
    """Base URL of the real app, serving committed demo data from a background thread."""
    # ``app`` is requested so that the suite's database is migrated first.
    url = _live_database_url(database_url, tmp_path_factory)
    live_app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": url})
    _fill_with_demo_data(live_app)
    LIVE["app"] = live_app
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live_server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        _delete_all_rows(live_app)


@pytest.fixture(scope="module")
def chromium():
    """Headless system Chromium, launched once per module."""
    if not os.path.exists(CHROMIUM):
        browser_unavailable(f"Chromium is not installed at {CHROMIUM}")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as exc:
        browser_unavailable(f"Playwright for Python is not installed: {exc}")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Error as exc:
            browser_unavailable(f"Chromium at {CHROMIUM} did not start: {exc.message.splitlines()[0]}")
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium, live_server):
    """Factory: a page on the live app in a fresh context (own cookies, locale, viewport)."""
    contexts = []

    def factory(locale="en-GB", viewport="desktop", **options):
        context = chromium.new_context(
            base_url=live_server, locale=locale, viewport=VIEWPORTS[viewport], **options
        )
        contexts.append(context)
        return context.new_page()

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """An English desktop page on the live app."""
    return new_page()
