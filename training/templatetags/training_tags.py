from django import template

from training.summaries import employee_training

register = template.Library()


@register.inclusion_tag("training/_summary.html", takes_context=True)
def training_section(context, employee, heading_level=2):
    """An employee's training on their page, as far as the reader may see it (scoped like every other read:
    the page being visible does not make each of its sections so)."""
    return {**employee_training(employee, viewer=context["request"].user), "employee": employee, "compact": True}
