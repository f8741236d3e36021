from django import template

from org.names import person_name as name_of

register = template.Library()


@register.filter
def person_name(user) -> str:
    """{{ evaluation.approved_by|person_name }}: the person's name, their username only when they have none."""
    return name_of(user)
