"""Locale selection (the user's setting, the remembered choice, Accept-Language, then Danish) and Babel's formats.

Dates, times and numbers are formatted in the user's locale by the filters
below, which every template uses. English is formatted as British English:
a Danish NGO's English readers expect 3 March 2026, never 3/3/26.
"""

import functools
from datetime import datetime

from babel import Locale, dates, numbers
from flask import current_app, g, has_request_context, request
from flask_login import current_user

from flask_babel import get_locale, to_user_timezone

from caseapp.core.errors import ERROR_PAGE
from caseapp.extensions import babel

# The language an anonymous visitor chose with the header's switch (a signed-in user's is their setting).
LOCALE_COOKIE = "caseapp_locale"
LOCALE_COOKIE_AGE = 365 * 24 * 3600


def select_locale():
    """Pick the locale for this request."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        # Command line and background jobs speak the default language.
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    # An error page may follow a broken database session: it must not load the user to learn their language.
    user_locale = None if g.get(ERROR_PAGE) else getattr(current_user, "locale", None)
    if user_locale in languages:
        return user_locale
    if request.cookies.get(LOCALE_COOKIE) in languages:
        return request.cookies[LOCALE_COOKIE]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app):
    """Bind Flask-Babel to the app with catalogs from translations/."""
    from caseapp import ROOT

    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(ROOT / "translations"),
    )
    app.before_request(_choose_locale_early)
    app.context_processor(lambda: {"current_locale": lambda: str(get_locale()), "other_language": other_language})
    app.add_template_filter(country_name)
    app.add_template_filter(language_name)
    # These replace Flask-Babel's filters of the same names, so every template formats the same way.
    app.add_template_filter(format_date, "dateformat")
    app.add_template_filter(format_datetime, "datetimeformat")
    app.add_template_filter(format_number, "numberformat")


def _choose_locale_early():
    """Choose the request's locale while the database session is sound, so an error page can still use it."""
    get_locale()


def country_name(code):
    """The name of an ISO 3166 country code in the current language."""
    return get_locale().territories.get(code, code)


def language_name(code):
    """The name of an ISO 639 language code in the current language."""
    return get_locale().languages.get(code, code)


# The locale whose formats a language uses, when its bare form would pick the wrong country's.
FORMAT_LOCALES = {"en": "en_GB"}


def formatting_locale():
    """The Babel locale that formats dates and numbers for the current language."""
    return _parsed_locale(str(get_locale()))


@functools.cache
def _parsed_locale(name):
    # Parsed once per language: a list formats a date on every row.
    return Locale.parse(FORMAT_LOCALES.get(name, name))


def format_date(value, format="long"):
    """A date (or a datetime's date, in the user's time zone): "3. marts 2026", "3 March 2026"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_user_timezone(value).date()
    return dates.format_date(value, format, locale=formatting_locale())


def format_datetime(value, format="long"):
    """A moment in the user's time zone: "3. marts 2026 09.57", "3 March 2026, 09:57".

    ``short`` abbreviates the month ("3. mar. 2026 09.57") for lists.
    """
    if value is None:
        return ""
    locale = formatting_locale()
    local = to_user_timezone(value)
    day = dates.format_date(local, "medium" if format == "short" else "long", locale=locale)
    time = dates.format_time(local, "short", locale=locale)
    pattern = locale.datetime_formats["medium" if format == "short" else "long"]
    return str(pattern).format(time, day)


def format_number(value):
    """A number with the locale's separators: 5.000 in Danish, 5,000 in English."""
    return numbers.format_decimal(value, locale=formatting_locale())


def other_language():
    """The language the header's switch offers: (code, its name in itself), e.g. ("en", "English")."""
    current = str(get_locale())
    code = next(code for code in current_app.config["LANGUAGES"] if code != current)
    return code, Locale.parse(code).get_display_name(code).capitalize()


def remember_locale(response, code, user=None):
    """Remember ``code`` as the chosen language: in ``user``'s own setting when signed in, and in a cookie."""
    if user is not None:
        user.locale = code
    response.set_cookie(LOCALE_COOKIE, code, max_age=LOCALE_COOKIE_AGE, httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def local_path(target):
    """``target`` when it is a path on this site (so the switch cannot redirect elsewhere), else the start page."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"
