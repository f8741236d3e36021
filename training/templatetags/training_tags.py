from django import template

from training.summaries import employee_training

register = template.Library()


@register.inclusion_tag("training/_summary.html")
def training_section(employee, heading_level=2):
    """An employee's training on their page (the page itself already checked who may see it)."""
    return {**employee_training(employee), "employee": employee, "compact": True}
