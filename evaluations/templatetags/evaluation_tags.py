from django import template

from evaluations.models import Evaluation

register = template.Library()


@register.simple_tag
def released_evaluations(employee):
    """An employee's released evaluations, newest cycle first (for the employee page)."""
    return Evaluation.objects.released_to(employee).select_related("cycle").order_by("-cycle__fiscal_year")
