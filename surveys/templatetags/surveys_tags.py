from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from org.access import scope
from surveys.audiences import answered_by_residents
from surveys.matching import find_terms
from surveys.models import Compliment

register = template.Library()

SHOWN_COMPLIMENTS = 10


@register.inclusion_tag("surveys/_compliment_list.html", takes_context=True)
def employee_compliments(context, employee):
    """The latest confirmed compliments residents paid an employee, those the reader may see: the page is open
    to more people (trainers see everyone) than the compliments, which are evidence in evaluations."""
    compliments = scope(
        Compliment.objects.confirmed().filter(answered_by_residents("response__survey"), employee=employee),
        context["request"].user,
    ).select_related("response__service_point")
    return {"compliments": compliments[:SHOWN_COMPLIMENTS], "total": compliments.count()}


@register.filter
def highlight_terms(text: str, terms: list[str]) -> str:
    """The text, escaped, with each place a term matched (surveys/matching.py) wrapped in <mark>: a resident's
    markup shows as text, and only our own <mark> is markup."""
    pieces, position = [], 0
    for match in find_terms(text, terms or []):
        if match.start < position:  # inside a longer match already marked
            continue
        pieces += [escape(text[position : match.start]), "<mark>", escape(text[match.start : match.end]), "</mark>"]
        position = match.end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # every piece of the text went through escape()
