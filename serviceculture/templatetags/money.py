from decimal import Decimal

from django import template

from serviceculture.money import format_money

register = template.Library()


@register.filter
def money(value: Decimal | int | None) -> str:
    """An amount with the currency symbol in the reader's number format: {{ award.lump_sum|money }}."""
    return format_money(value)
