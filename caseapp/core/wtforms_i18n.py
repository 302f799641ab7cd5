"""WTForms' own messages in the user's language, from caseapp's catalogs.

WTForms ships no Danish catalog, so its messages are listed here for
extraction (``make messages``) and translated with the rest of caseapp.
Flask-WTF's own translations would silently fall back to English.
"""

from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

# WTForms' messages that caseapp's fields and validators can show, marked for extraction only.
MESSAGES = (
    _l("This field is required."), _l("Invalid input."), _l("Invalid email address."),
    _l("Not a valid date value."), _l("Not a valid datetime value."), _l("Not a valid time value."),
    _l("Not a valid integer value."), _l("Not a valid decimal value."), _l("Not a valid float value."),
    _l("Number must be at least %(min)s."), _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Field must be equal to %(other_name)s."), _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    _l("This field cannot be edited."), _l("This field is disabled and cannot have a value."),
)


def _plural_messages():
    """WTForms' plural messages, marked for extraction only (never called)."""
    return (
        ngettext("Field must be at least %(min)d character long.",
                 "Field must be at least %(min)d characters long.", 1),
        ngettext("Field cannot be longer than %(max)d character.",
                 "Field cannot be longer than %(max)d characters.", 1),
        ngettext("Field must be exactly %(max)d character long.",
                 "Field must be exactly %(max)d characters long.", 1),
        ngettext("'%(value)s' is not a valid choice for this field.",
                 "'%(value)s' are not valid choices for this field.", 1),
    )


class CatalogTranslations:
    """The translations object WTForms asks for its messages: caseapp's catalog in the current locale."""

    def gettext(self, string):
        """The message in the current language; WTForms fills in the values itself."""
        return get_translations().ugettext(string)

    def ngettext(self, singular, plural, n):
        """The singular or plural message in the current language."""
        return get_translations().ungettext(singular, plural, n)


TRANSLATIONS = CatalogTranslations()
