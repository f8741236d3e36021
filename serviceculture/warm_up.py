"""Work every web process would otherwise do on its first request, done once in gunicorn's master before it forks
the workers (gunicorn.conf.py, with preload_app): the translation catalogues of every language, the URL
patterns and the resident's pages' compiled templates. Each worker, including one recycled by max_requests,
then serves its first resident in milliseconds instead of spending over a second of CPU first. Nothing here
connects to the database or Redis, so no connection is shared across the fork.
"""

from django.conf import settings
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils.translation import trans_real

# The pages a crowd of residents opens at once; staff pages compile on first use as before.
PUBLIC_TEMPLATES = (
    "surveys/public/respond.html",
    "surveys/public/_fields.html",
    "surveys/public/thanks.html",
    "surveys/public/slow_down.html",
)


def warm_up() -> None:
    for code, _name in settings.LANGUAGES:
        trans_real.translation(code)
    get_resolver().url_patterns  # noqa: B018 - importing every urlconf is the point
    for name in PUBLIC_TEMPLATES:
        get_template(name)
