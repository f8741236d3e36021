from django import template

from surveys.models import Compliment

register = template.Library()

SHOWN_COMPLIMENTS = 10


@register.inclusion_tag("surveys/_compliment_list.html")
def employee_compliments(employee):
    """The latest confirmed compliments on an employee's page (the page itself is already scoped)."""
    compliments = Compliment.objects.confirmed().filter(employee=employee).select_related("response__service_point")
    return {"compliments": compliments[:SHOWN_COMPLIMENTS], "total": compliments.count()}
