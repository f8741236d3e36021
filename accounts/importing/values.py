"""One cell of an HR export into one value, or a message saying what is wrong with it.

- Text is trimmed; a cell longer than its field allows is an error, never cut short silently.
- Money: "52000", "52,000.00", "$52,000.5" or a number from a workbook, rounded half-up to cents. Negative
  amounts are refused here; whether a blank is allowed is the caller's rule.
- Dates: ISO (2024-03-31), US (03/31/2024 or 3/31/24, month first as US payroll systems write them), or a
  workbook's date cell.
- Active: yes/no, y/n, true/false, 1/0, active/inactive, A/I/T (Munis's active, inactive, terminated),
  terminated; a blank means active.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from accounts.importing.files import Cell

CENTS = Decimal("0.01")
MONEY_LIMIT = Decimal("9999999999.99")  # max_digits=12, decimal_places=2
ACTIVE_WORDS = {"yes", "y", "true", "1", "active", "a"}
# "T" is Munis's "terminated", never "true".
INACTIVE_WORDS = {"no", "n", "false", "f", "0", "inactive", "i", "t", "terminated", "term", "separated"}
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%Y/%m/%d")


class CellError(Exception):
    """Internal: what is wrong with one cell. The row parser turns it into a row error; it never leaves here."""


def text(cell: Cell, *, limit: int) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)  # a workbook keeps 1042 as 1042.0
    value = " ".join(str(cell).split())
    if len(value) > limit:
        raise CellError(_("is longer than %(limit)s characters") % {"limit": limit})
    return value


def money(cell: Cell) -> Decimal | None:
    """An amount rounded to cents, or None for a blank cell."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, bool):
        raise CellError(_("is not an amount of money"))
    raw = str(cell).strip().replace(",", "").replace("$", "").replace(" ", "")
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not an amount of money") % {"value": str(cell)[:40]}) from None
    if not amount.is_finite():
        raise CellError(_("“%(value)s” is not an amount of money") % {"value": str(cell)[:40]})
    if amount < 0:
        raise CellError(_("is negative"))
    if amount > MONEY_LIMIT:
        raise CellError(_("is too large"))
    return amount.quantize(CENTS, rounding=ROUND_HALF_UP)


def day(cell: Cell) -> date | None:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    raw = str(cell).strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(raw, pattern).date()  # noqa: DTZ007 (a calendar day, no time of day)
        except ValueError:
            continue
    raise CellError(
        _("“%(value)s” is not a date (write 2024-03-31 or 03/31/2024)") % {"value": raw[:40]},
    )


def active(cell: Cell) -> bool:
    if cell is None:
        return True
    if isinstance(cell, bool):
        return cell
    word = text(cell, limit=20).lower()
    if not word or word in ACTIVE_WORDS:
        return True
    if word in INACTIVE_WORDS:
        return False
    raise CellError(_("“%(value)s” is neither yes nor no") % {"value": word})


def email(cell: Cell) -> str:
    value = text(cell, limit=254).lower()
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise CellError(_("“%(value)s” is not an email address") % {"value": value[:60]}) from None
    return value
