from django import template

from evaluations.models import Evaluation
from evaluations.services.roles import visible_evaluations

register = template.Library()


@register.simple_tag(takes_context=True)
def released_evaluations(context, employee):
    """An employee's released evaluations that the person reading the page may open, newest cycle first.

    The employee page is seen by more people than the evaluations are (trainers see everyone, to build
    rosters), so the page's scope is not the evaluations' scope: `visible_evaluations` decides here too."""
    visible = visible_evaluations(context["request"].user).values("pk")
    return (
        Evaluation.objects.released_to(employee)
        .filter(pk__in=visible)
        .select_related("cycle")
        .prefetch_related("cycle__bands")
        .order_by("-cycle__fiscal_year")
    )
