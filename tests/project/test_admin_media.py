"""Every Django admin page is served from our own static files: a script from a CDN would be refused by the
Content-Security-Policy (and by many agency networks), leaving the page half-working."""

import re

from django.contrib import admin

from evaluations.models import Template
from serviceculture.admin import TabbedTranslationAdmin

JQUERY = "/static/admin/js/jquery.init."
JQUERY_UI = "/static/vendor/jquery-ui/jquery-ui.min."
TABS = "/static/modeltranslation/js/tabbed_translation_fields."


def _urls(model_admin) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', str(model_admin.media))


def test_no_admin_page_asks_for_a_script_or_style_sheet_from_another_origin():
    offenders = {
        f"{model.__name__}: {url}"
        for model, model_admin in admin.site._registry.items()
        for url in _urls(model_admin)
        if url.startswith(("//", "http:", "https:"))
    }
    assert offenders == set()


def test_translated_records_get_their_tabs_from_self_hosted_jquery_ui():
    translated = [
        m for m in admin.site._registry.values() if isinstance(m, TabbedTranslationAdmin) or m.model is Template
    ]
    names = {m.model.__name__ for m in translated}
    assert {
        "Department", "ServicePoint", "ServiceStandard", "JobClass", "Survey", "Question", "Cycle", "Template", "Criterion"
    } <= names  # fmt: skip
    for model_admin in translated:
        html = str(model_admin.media)
        # jQuery UI needs the admin's jQuery before it, and the tab script needs jQuery UI.
        assert -1 < html.find(JQUERY) < html.find(JQUERY_UI) < html.find(TABS), model_admin
