"""The questions and optional extras of the resident's form as HTML, rendered once per content and kept.

Rendering them is most of the CPU a form page costs (a few dozen options, each with its label, ids and ARIA
links), and a blank form is the same for every resident of a link. So a blank form's fragment is kept,
keyed by a hash of everything it shows: each question as the active language reads it (text, help text,
required, limit, option labels), the service point's staff (ids and names) and the language. Editing a
question, its translation, the survey or the staff list changes the key, so a stale fragment is never
served and there is nothing to invalidate; a form with answers or errors in it is rendered afresh.

The store is this process's memory, not Redis: a hit costs no round trip, and the only input not in the key
(the translation catalogues, "(required)", the scale's labels) changes with a release, which starts new
processes. The CSRF token and the form's action are outside the fragment (templates/surveys/public/respond.html).
"""

import hashlib
import json

from django.core.cache.backends.locmem import LocMemCache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from org.models import Employee

TEMPLATE = "surveys/public/_fields.html"
# A few hundred live links with two languages each; a fragment is some 20 KB, so a few MB per process at most.
_fragments = LocMemCache("surveys-public-form", {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 400}})


def fields_html(*, fields: list[dict], staff: list[Employee], data, errors: dict, language: str) -> SafeString:
    """The form's questions and extras (submission.form_fields' `fields`); kept when the form is blank."""
    context = {"fields": fields, "staff": staff, "data": data, "errors": errors}
    if data or errors:
        return render_to_string(TEMPLATE, context)
    key = _content_key(fields, staff, language)
    html = _fragments.get(key)
    if html is None:
        html = render_to_string(TEMPLATE, context)
        _fragments.set(key, str(html))
    # The template escaped it when it was rendered; the memory cache hands back a plain str.
    return mark_safe(html)


def _content_key(fields: list[dict], staff: list[Employee], language: str) -> str:
    shown = {
        "language": language,
        "questions": [
            [
                field["name"],
                field["question"].kind,
                field["question"].text,
                field["question"].help_text,
                field["question"].required,
                field["question"].max_length,
                [[value, str(label)] for value, label in field["options"]],
            ]
            for field in fields
        ],
        "staff": [[person.pk, person.full_name] for person in staff],
    }
    return hashlib.sha256(json.dumps(shown).encode()).hexdigest()
