"""Files that staff open in a spreadsheet: every CSV and XLSX download of the project goes through here.

A cell that starts with =, +, -, @, tab or carriage return is run as a formula by spreadsheet
programs ("formula injection"), so such text gets a leading apostrophe. Plain numbers, negative ones
included, stay numbers.
"""

import csv
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from django.http import FileResponse, HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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


def write_workbook(sheets: Iterable[tuple[str, Iterable[Iterable[Any]]]], target: str | Path | IO[bytes]) -> None:
    """Sheets of (title, rows) as an XLSX workbook into `target` (a path or a binary file), every cell
    neutralised. openpyxl's write-only mode streams rows to disk, not to memory."""
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(str(title)[:31])  # a worksheet's name holds at most 31 characters
        for row in rows:
            sheet.append([neutralise(cell) for cell in row])
    workbook.save(target)


def xlsx_download(filename: str, sheets: Iterable[tuple[str, Iterable[Iterable[Any]]]]) -> FileResponse:
    """An XLSX attachment of the sheets (title, rows with the header first), for downloads small enough to be
    made inside the request; bigger ones are jobs."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the response streams it, then closes it)
    write_workbook(sheets, handle)
    handle.seek(0)
    response = FileResponse(handle, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment(filename)
    return response
