"""The printable evaluation: the same HTML for the print page and for the PDF job (which inlines the style
sheet, since Chromium there loads nothing from the network)."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from evaluations.models import Evaluation


def print_css() -> str:
    """The print style sheet, inlined into the HTML Chromium prints (it loads nothing from the network)."""
    path = finders.find("evaluations/print.css")
    if path is None:  # it ships with the app; missing, the static files are broken
        raise FileNotFoundError("evaluations/print.css is not among the static files")
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def printable_html(evaluation: Evaluation, *, request=None, inline_css: str = "") -> str:
    """The printable evaluation; without a request (in a job) the site's name comes from settings."""
    return render_to_string(
        "evaluations/evaluation_print.html",
        {
            "evaluation": evaluation,
            "scores": evaluation.scores.all(),
            "inline_css": inline_css,
            "agency_name": settings.AGENCY_NAME,
        },
        request=request,
    )
