"""Reading an HR export: a CSV or XLSX file into named columns and numbered rows, or one clear refusal.

- The format is told by the content, not the name: an XLSX workbook is a zip archive; anything else is read as
  CSV (UTF-8, with or without the byte-order mark Excel writes, else Windows-1252, which Excel on Windows saves);
  its delimiter is a comma, semicolon or tab, whichever the header line has most of. An old binary .xls or a
  file with NUL bytes is refused with a message saying what to save it as.
- Headers match whatever their case, spaces, underscores, hyphens and dots ("Employee Number",
  "employee_number", "EMPLOYEE-NUMBER" are one), and a "#" reads as "number" ("Emp #"). Each column lists the
  spellings HR systems use (docs in notes: import.readme.md). Columns nobody asked for are ignored and named.
- Row numbers are the spreadsheet's (the header is row 1 when nothing is above it). Blank rows are skipped.
- Every refusal is a ValidationError with a message a person can act on; nothing here raises anything else.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ROWS = 50_000
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"

Cell = Any  # str from a CSV; str, int, float, bool, date, datetime or None from a workbook


@dataclass(frozen=True)
class Column:
    """One column the import reads: its field, the header we document, the other spellings, and whether the
    file must have it."""

    field: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False

    def spellings(self) -> set[str]:
        return {normalise_header(self.header), *(normalise_header(alias) for alias in self.aliases)}


@dataclass
class Table:
    columns: dict[str, int]  # field -> position in a row
    rows: list[tuple[int, list[Cell]]]  # (row number as the spreadsheet shows it, cells)
    ignored: list[str] = field(default_factory=list)  # headers no column asked for

    def cell(self, cells: list[Cell], name: str) -> Cell:
        position = self.columns.get(name)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    def has(self, name: str) -> bool:
        return name in self.columns


def normalise_header(text: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower().replace("#", "number"))


def read_table(content: bytes, columns: Sequence[Column]) -> Table:
    """The rows of the file under the given columns; a ValidationError when the file cannot be one."""
    if not content.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    if content.startswith(XLS_MAGIC):
        raise ValidationError(
            _("This is an old Excel (.xls) file. Save it as .xlsx or as CSV and upload it again."), code="format"
        )
    rows = _workbook_rows(content) if content.startswith(XLSX_MAGIC) else _csv_rows(content)
    return _with_columns(rows, columns)


def _csv_rows(content: bytes) -> list[list[Cell]]:
    if b"\x00" in content:
        raise ValidationError(_("This is neither a CSV file nor an Excel (.xlsx) workbook."), code="format")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    header_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header_line.count)
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:
        raise ValidationError(
            _("The CSV file could not be read: %(reason)s") % {"reason": error}, code="format"
        ) from None


def _workbook_rows(content: bytes) -> list[list[Cell]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    except (zipfile.BadZipFile, KeyError, IndexError, OSError, ValueError, TypeError):
        # openpyxl raises whatever its zip and XML readers raise on a damaged or foreign archive
        raise ValidationError(
            _("This file could not be read as an Excel (.xlsx) workbook. Save it again as .xlsx or as CSV."),
            code="format",
        ) from None
    return rows


def _blank(cells: Iterable[Cell]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def _with_columns(rows: list[list[Cell]], columns: Sequence[Column]) -> Table:
    numbered = [(number, cells) for number, cells in enumerate(rows, start=1) if not _blank(cells)]
    if not numbered:
        raise ValidationError(_("The file is empty."), code="empty")
    headers = numbered[0][1]
    spelled = {spelling: column for column in columns for spelling in column.spellings()}
    found: dict[str, int] = {}
    ignored = []
    for position, header in enumerate(headers):
        column = spelled.get(normalise_header(header))
        if column is None:
            if str(header or "").strip():
                ignored.append(str(header).strip())
        elif column.field in found:
            raise ValidationError(
                _("Two columns of the file mean %(column)s; keep one.") % {"column": column.header}, code="columns"
            )
        else:
            found[column.field] = position
    missing = [column.header for column in columns if column.required and column.field not in found]
    if missing:
        raise ValidationError(
            _("The file has no column for: %(missing)s. The first row must name the columns.")
            % {"missing": ", ".join(missing)},
            code="columns",
        )
    body = numbered[1:]
    if len(body) > MAX_ROWS:
        raise ValidationError(
            _("The file has %(count)s rows; at most %(limit)s can be imported at once.")
            % {"count": len(body), "limit": MAX_ROWS},
            code="size",
        )
    return Table(columns=found, rows=body, ignored=ignored)
