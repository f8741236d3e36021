"""The one base class for Django admin pages of records kept in English and Spanish (django-modeltranslation).

modeltranslation's TabbedTranslationAdmin fetches jQuery UI from a CDN (its JQUERY_UI_URL), which our
Content-Security-Policy blocks and agency networks often do too: the tabs never appear and the page shows every
language's field with the same label. This class loads the same scripts from our own static files: Django admin's
jQuery, jQuery UI from npm (copied into static/vendor/ by scripts/vendor.sh), and modeltranslation's own tab script
and style sheet. Nothing on an admin page comes from another origin (tests/project/test_admin_translation_tabs.py).
"""

from typing import Any

from modeltranslation.admin import TranslationAdmin


class TabbedTranslationMedia:
    """The scripts and style sheet of the language tabs; also the Media of an admin whose own record is not
    translated but whose inlines are (an evaluation template and its criteria)."""

    js = (
        "admin/js/jquery.init.js",  # django.jQuery
        "modeltranslation/js/force_jquery.js",  # lends it to jQuery UI as the global jQuery
        "vendor/jquery-ui/jquery-ui.min.js",
        "modeltranslation/js/tabbed_translation_fields.js",
    )
    css = {"all": ("modeltranslation/css/tabbed_translation_fields.css",)}


class TabbedTranslationAdmin(TranslationAdmin[Any]):
    """A language tab per translated field (English, Español) on the change page, from self-hosted files."""

    Media = TabbedTranslationMedia
