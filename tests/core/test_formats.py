"""Dates, times, numbers, countries and languages in the user's locale, British formats for English."""

import re
from datetime import date, datetime

import pytest
from flask_babel import force_locale

from caseapp.auth.models import Role
from caseapp.cases import services
from caseapp.core.i18n import format_date, format_datetime, format_number
from tests.conftest import login
from tests.factories import new_case, new_person


@pytest.mark.parametrize(("locale", "day", "moment", "number"), [
    ("da", "3. marts 2026", "3. marts 2026 09.57", "5.000"),
    ("en", "3 March 2026", "3 March 2026, 09:57", "5,000"),
])
def test_formats_follow_the_locale(app, locale, day, moment, number):
    """Danish reads "3. marts 2026"; English is British, in Copenhagen time."""
    with app.test_request_context(), force_locale(locale):
        assert format_date(date(2026, 3, 3)) == day
        assert format_datetime(datetime(2026, 3, 3, 8, 57)) == moment
        assert format_number(5000) == number


@pytest.mark.parametrize(("locale", "shown"), [("da", "2. marts 2026"), ("en", "2 March 2026")])
def test_case_page_shows_the_decision_date_in_the_users_language(client, org_a, make_user, locale, shown):
    """The case page's dates are Babel's in the user's locale, never US 3/2/26."""
    worker = make_user(org_a, Role.OUTREACH, locale=locale)
    case = new_case(new_person(org_a, by=worker, given_names="Ioana"), by=worker)
    services.record_decision(case, worker, trafficking_status="ActualVictimOfTrafficking", decided_by="cmm",
                             decided_on=date(2026, 3, 2), version=case.version)
    login(client, worker.email)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert shown in page
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{2}\b", page), "a US short date is on the page"


@pytest.mark.parametrize(("locale", "first", "language"), [("da", "Danmark", "dansk"), ("en", "Denmark", "Danish")])
def test_citizenship_and_language_offer_common_choices_first(client, org_a, make_user, locale, first, language):
    """The selects open with Denmark, Romania, Bulgaria, Nigeria … named in the user's language."""
    login(client, make_user(org_a, Role.OUTREACH, locale=locale).email)
    page = client.get("/persons/new").get_data(as_text=True)
    citizenship = re.search(r'<select[^>]*id="citizenship".*?</select>', page, re.S).group(0)
    codes = re.findall(r'<option value="([A-Z]{2})"', citizenship)
    assert codes[:6] == ["DK", "RO", "BG", "NG", "TH", "UA"]
    assert codes.count("DK") == 1 and len(codes) > 200
    assert f'<option value="DK">{first}</option>' in citizenship
    languages = re.search(r'<select[^>]*id="languages".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="([a-z]{2})"', languages)[0] == "da"
    assert f'<option value="da">{language}</option>' in languages


def test_every_template_formats_through_caseapp_filters(app):
    """dateformat, datetimeformat and numberformat in any template are caseapp's, not Flask-Babel's US defaults."""
    filters = app.jinja_env.filters
    assert (filters["dateformat"], filters["datetimeformat"], filters["numberformat"]) == (
        format_date, format_datetime, format_number)


@pytest.mark.parametrize(("locale", "shown"), [("da", "2.345 sager"), ("en", "2,345 cases")])
def test_list_counts_write_thousands_the_users_way(app, locale, shown):
    """The case list's count, as its template writes it, has the locale's thousands separator."""
    from flask import render_template_string

    count = '{{ ngettext("%(num)s case", "%(num)s cases", total, num=total|numberformat) }}'
    with app.test_request_context(), force_locale(locale):
        assert render_template_string(count, total=2345) == shown
    source, _path, _uptodate = app.jinja_env.loader.get_source(app.jinja_env, "cases/index.html")
    assert count in source
