"""Invitations from a CSV file, for offices whose systems cannot call the API: each row is one transaction,
handled exactly as POST /api/v1/invitations handles one (surveys/services/invitations.invite: sampling,
suppression, the email, the address forgotten once sent).

Rules:
- Columns, named in a header row: `service_point` (its id, shown on the upload page), `channel`, and optionally
  `email` and `language` (en or es; en when empty). Other columns are refused, so a misspelt one is not ignored.
- The service points are those the uploader may see (org.access), active ones only.
- Every row is checked before any is sent; a file with any error sends nothing, and each error names its line
  (the header is line 1). Sending runs in one transaction: a row refused at the last moment (the survey just
  closed) undoes the rows before it, and no email leaves before the commit.
- The file is read in memory and never stored: the addresses in it go no further than the invitations, which
  forget them once the email is sent.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from org.access import visible_departments
from org.models import ServicePoint
from surveys.services.invitations import check_invitation, invite

MAX_ROWS = 2000
REQUIRED = ("service_point", "channel")
OPTIONAL = ("email", "language")


@dataclass(frozen=True)
class UploadRow:
    line: int
    service_point: ServicePoint
    channel: str
    email: str
    language: str


@dataclass
class UploadCheck:
    rows: list[UploadRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.errors


def read_invitations(content: bytes, *, by: User) -> UploadCheck:
    """Parse and check every row of the file; never raises at the uploader."""
    check = UploadCheck()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        check.errors.append((1, _("Save the file as CSV in UTF-8.")))
        return check
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in (*REQUIRED, *OPTIONAL)]
    if missing or unknown:
        check.errors.append((1, _header_problem(missing, unknown)))
        return check
    reader.fieldnames = header
    points = ServicePoint.objects.filter(department__in=visible_departments(by), active=True).in_bulk()
    for row in reader:
        if reader.line_num > MAX_ROWS + 1:
            check.errors.append((reader.line_num, _("Upload at most %(count)s rows at a time.") % {"count": MAX_ROWS}))
            break
        _check_row(check, reader.line_num, row, points)
    if not check.rows and not check.errors:
        check.errors.append((1, _("The file has no rows under its header.")))
    return check


def _header_problem(missing: list[str], unknown: list[str]) -> str:
    parts = []
    if missing:
        parts.append(_("missing column(s): %(names)s") % {"names": ", ".join(missing)})
    if unknown:
        parts.append(_("unknown column(s): %(names)s") % {"names": ", ".join(unknown)})
    columns = ", ".join((*REQUIRED, *OPTIONAL))
    return _("The header row must name the columns %(columns)s; %(problems)s.") % {
        "columns": columns,
        "problems": "; ".join(parts),
    }


def _check_row(check: UploadCheck, line: int, row: dict, points: dict[int, ServicePoint]) -> None:
    if None in row:  # more cells than the header has columns
        check.errors.append((line, _("This row has more cells than the header has columns.")))
        return
    values = {name: (row.get(name) or "").strip() for name in (*REQUIRED, *OPTIONAL)}
    point_id = values["service_point"]
    point = points.get(int(point_id)) if point_id.isdigit() and len(point_id) < 19 else None
    if point is None:
        message = _("service point: “%(value)s” is not the number of an active service point you may invite for.")
        check.errors.append((line, message % {"value": point_id}))
        return
    language = values["language"] or "en"
    try:
        check_invitation(service_point=point, channel=values["channel"], email=values["email"], language=language)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            check.errors += [(line, f"{name.replace('_', ' ')}: {message}") for message in messages]
        return
    check.rows.append(UploadRow(line, point, values["channel"], values["email"], language))


def send_invitations(check: UploadCheck, *, by: User) -> Counter[str]:
    """Invite every row of a checked file, all or nothing; returns how many rows had each outcome."""
    if not check.is_valid:
        raise ValidationError(_("Correct the file: nothing was sent."))
    outcomes: Counter[str] = Counter()
    with transaction.atomic():
        for row in check.rows:
            try:
                result = invite(
                    service_point=row.service_point,
                    channel=row.channel,
                    email=row.email,
                    language=row.language,
                    token=None,
                    by=by,
                )
            except ValidationError as error:
                problems = "; ".join(error.messages)
                raise ValidationError(
                    _("Line %(line)s: %(problems)s Nothing was sent.") % {"line": row.line, "problems": problems}
                ) from error
            outcomes[result.outcome] += 1
    return outcomes
