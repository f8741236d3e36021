"""The floor of a resident submission: the least a Django view on the same gunicorn and PostgreSQL can do
for a form. GET renders a form with a CSRF token; POST checks the token (CsrfViewMiddleware, as for the
real form) and writes one row with one INSERT, then redirects like the real form does.

The table is made by the benchmark (bench_floor_submission) in its scratch database; no app has a model
for it.
"""

from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.utils.html import escape
from django.views import View

FORM = (
    "<!doctype html><html lang=en><title>Floor</title><form method=post>"
    '<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
    "<input name=score><textarea name=comment></textarea><button>Send</button></form></html>"
)
TABLE = "bench_floor_submission"
CREATE_TABLE = f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigserial PRIMARY KEY, submitted_at timestamptz NOT NULL, score smallint, comment text NOT NULL)"


class MinimalFormView(View):
    def get(self, request):
        return HttpResponse(FORM.format(token=escape(get_token(request))))

    def post(self, request):
        try:
            score = int(request.POST.get("score", ""))
        except ValueError:
            score = None
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {TABLE} (submitted_at, score, comment) VALUES (now(), %s, %s)",
                [score, request.POST.get("comment", "")[:2000]],
            )
        return HttpResponseRedirect(request.path)
