from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value) -> str:
    """66.7 -> "66.7 %" in the reader's number format, never broken across lines; no figure -> a dash."""
    if value is None:
        return "—"
    return f"{number_format(value)}\u00a0%"


@register.filter
def signed(value) -> str:
    """A change in percentage points: +2.4, -1.0, or a dash."""
    if value is None:
        return "—"
    return f"+{number_format(value)}" if value > 0 else number_format(value)


@register.simple_tag
def inbox_url(links, **filters) -> str:
    """The inbox address of a dashboard figure's responses (reports.inbox_links); empty for someone who does
    not read the inbox, so the figure shows without a link."""
    return links.url(**filters) if links is not None else ""
