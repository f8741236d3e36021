from django import template

from org.access import scope
from surveys.audiences import answered_by_residents
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
