from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from org.models import ServiceStandard, StandardMeasure

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


@register.filter
def change_since_last_year(change) -> SafeString:
    """A change in percentage points as an arrow and words, so it reads without colour: "▲ up 2.4",
    "▼ down 1", "= no change"; "no data last year" when there is nothing to compare with."""
    if change is None:
        return format_html('<span class="text-body-secondary">{}</span>', _("no data last year"))
    if change == 0:
        return format_html('<span aria-hidden="true">=</span> {}', _("no change"))
    points = figure(abs(change))
    if change > 0:
        return format_html('<span aria-hidden="true">▲</span> {}', _("up %(points)s") % {"points": points})
    return format_html('<span aria-hidden="true">▼</span> {}', _("down %(points)s") % {"points": points})


@register.filter
def figure(value) -> str:
    """A measured figure in the reader's number format, without decimals that say nothing: 50.00 -> "50",
    2.50 -> "2.5" (2,5 in Spanish); no figure -> a dash."""
    if value is None:
        return "—"
    value = Decimal(value)
    # normalize() alone would print 100 as 1E+2
    return number_format(value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize())


@register.filter
def in_unit(value, standard: ServiceStandard) -> str:
    """A standard's figure with its unit: "85 %" for a survey driver, "3 days" for a figure in days."""
    if value is None:
        return "—"
    unit = "%" if standard.measure == StandardMeasure.SURVEY_DRIVER else standard.unit
    return f"{figure(value)}\u00a0{unit}" if unit else figure(value)


@register.simple_tag
def inbox_url(links, **filters) -> str:
    """The inbox address of a dashboard figure's responses (reports.inbox_links); empty for someone who does
    not read the inbox, so the figure shows without a link."""
    return links.url(**filters) if links is not None else ""
