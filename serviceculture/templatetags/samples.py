"""`{% load samples %}{% sample_note count %}`: the low-confidence note after a figure (serviceculture/samples.py)."""

from django import template

from serviceculture.samples import is_small_sample, minimum_responses

register = template.Library()


@register.inclusion_tag("_sample_note.html")
def sample_note(count: object) -> dict[str, object]:
    """Nothing for a figure resting on enough responses (or none, or no count given); otherwise the note with
    the count."""
    count = count if isinstance(count, int) else None
    return {"small": is_small_sample(count), "count": count, "minimum": minimum_responses()}


@register.filter
def small_sample(count: object) -> bool:
    return isinstance(count, int) and is_small_sample(count)
