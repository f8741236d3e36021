"""Amounts of money as people read them: the jurisdiction's currency symbol, the reader's number format, always
two decimals. Amounts are Decimals rounded where they are computed; this module only shows them."""

from decimal import Decimal

from django.conf import settings
from django.utils.formats import number_format


def format_money(value: Decimal | int | None) -> str:
    """12345.5 -> "$12,345.50" (English) or "$12.345,50" (Spanish); no amount -> a dash."""
    if value is None or value == "":
        return "—"
    amount = number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)
    if amount.startswith("-"):
        return f"-{settings.CURRENCY_SYMBOL}{amount[1:]}"
    return f"{settings.CURRENCY_SYMBOL}{amount}"
