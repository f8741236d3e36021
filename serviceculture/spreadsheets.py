"""Files that staff open in a spreadsheet: every CSV download of the project goes through here.

A cell that starts with =, +, -, @, tab or carriage return is run as a formula by spreadsheet
programs ("formula injection"), so such text gets a leading apostrophe. Plain numbers, negative ones
included, stay numbers.
"""

import csv
import re
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils.text import slugify

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?\s*%?")


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def attachment(filename: str) -> str:
    """A download header whose name is safe whatever a department code or label holds."""
    stem, _dot, extension = filename.rpartition(".")
    return f'attachment; filename="{slugify(stem)}.{extension}"'


def csv_download(filename: str, rows: Iterable[Iterable[Any]]) -> HttpResponse:
    """A CSV attachment of the rows (the header is the first row), every cell neutralised."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment(filename)
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return response
