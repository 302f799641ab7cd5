"""Locale selection: the user's setting, then Accept-Language, then Danish."""

from flask import current_app, g, has_request_context, request
from flask_login import current_user

from flask_babel import get_locale

from caseapp.core.errors import ERROR_PAGE
from caseapp.extensions import babel


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
    app.context_processor(lambda: {"current_locale": lambda: str(get_locale())})
    app.add_template_filter(country_name)
    app.add_template_filter(language_name)


def _choose_locale_early():
    """Choose the request's locale while the database session is sound, so an error page can still use it."""
    get_locale()


def country_name(code):
    """The name of an ISO 3166 country code in the current language."""
    return get_locale().territories.get(code, code)


def language_name(code):
    """The name of an ISO 639 language code in the current language."""
    return get_locale().languages.get(code, code)
