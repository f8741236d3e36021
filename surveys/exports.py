"""CSV and XLSX of responses: one row per response, a column per question, in constant memory.

Rows come in the inbox's order (newest first, or the sort chosen on screen) from a server-side cursor, in
chunks of plain values; each chunk's answers and tags are read in one query each, and rows are written as they
come, so a million responses never sit in memory at once. Every text cell is neutralised against formula
injection.
"""

import csv
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from org.access import require_role, scope, visible_departments
from org.models import Channel
from org.roles import Role
from serviceculture.spreadsheets import neutralise, write_workbook
from surveys.filters import ResponseFilter
from surveys.models import Answer, ComplimentStatus, Question, Response, ResponseStatus
from surveys.tables import screen_ordering

CHUNK = 500  # responses per fetch; with their answers, a few MiB at a time
EXPORT_ROLES = (Role.PROGRAM_ADMIN, Role.DEPARTMENT_HEAD)  # who reads the inbox, and so may export it
XLSX_MAX_ROWS = 1_048_576  # a worksheet holds no more, header included


def exportable_responses(*, user, data: QueryDict, strict: bool = False) -> QuerySet[Response]:
    """The responses the inbox filters select among those this person may see: the one query that both the
    export view and the export job read. With strict, filters that no longer apply (a survey or department
    since removed or out of scope) are an error rather than ignored, so a job never exports more than asked."""
    require_role(user, EXPORT_ROLES)
    responses = scope(Response.objects.filter(deleted_at__isnull=True), user)
    filterset = ResponseFilter(data, queryset=responses, departments=visible_departments(user))
    if strict and not filterset.is_valid():
        raise ValidationError(
            _("The filters of this export no longer apply (%(fields)s). Export again from the inbox.")
            % {
                "fields": ", ".join(
                    str(filterset.filters[name].label) for name in filterset.errors if name in filterset.filters
                )
            }
        )
    ordering = screen_ordering(data.get("sort", ""))
    responses = filterset.qs
    if any(field.lstrip("-") == "satisfaction_score" for field in ordering):
        responses = responses.with_satisfaction_score()  # a subquery per row, only when sorting by it
    return responses.order_by(*ordering)


def filters_of(data: QueryDict) -> dict[str, list[str]]:
    """The inbox filters as plain JSON (a job stores them); `filters_data` turns them back."""
    return {key: values for key, values in data.lists() if key != "csrfmiddlewaretoken"}


def filters_data(filters: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in filters.items():
        data.setlist(key, values)
    return data


def _questions(responses: QuerySet[Response]) -> list[Question]:
    survey_ids = responses.order_by().values("survey_id").distinct()
    return list(
        Question.objects.filter(survey_id__in=survey_ids).select_related("survey").order_by("survey_id", "order", "pk")
    )


def _answer_cell(answer: list[Any] | None):
    """An answer (number, text, choices) as one cell: the choices joined, else the number, else the text."""
    if answer is None:
        return ""
    number, text, choices = answer
    if choices:
        return "; ".join(choices)
    return number if number is not None else text


RESPONSE_COLUMNS = (
    "pk",
    "submitted_at",
    "survey_id",
    "department__name",
    "service_point__name",
    "channel",
    "language",
    "status",
    "flagged",
    "wants_contact",
    "compliment__named_text",
    "compliment__status",
    "compliment__employee__first_name",
    "compliment__employee__last_name",
)


def _chunks(responses: QuerySet[Response]) -> Iterator[list[dict]]:
    """The responses as plain rows in the queryset's order, CHUNK at a time: a server-side cursor keeps only
    one chunk in memory, whatever the sort."""
    rows = responses.values(*RESPONSE_COLUMNS).iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        yield chunk


def _tags_of(chunk: list[dict]) -> dict[int, str]:
    names: dict[int, list[str]] = defaultdict(list)
    links = Response.tags.through.objects.filter(response_id__in=[row["pk"] for row in chunk])
    for response_id, name in links.order_by("tag__name").values_list("response_id", "tag__name"):
        names[response_id].append(name)
    return {response_id: "; ".join(tags) for response_id, tags in names.items()}


def _compliment_cells(row: dict) -> tuple[str, str, str]:
    """Name given, status, and who it was confirmed for (empty without a compliment)."""
    if not row["compliment__named_text"] and not row["compliment__status"]:
        return "", "", ""
    status = row["compliment__status"]
    confirmed = " ".join(
        filter(None, (row["compliment__employee__first_name"], row["compliment__employee__last_name"]))
    )
    return row["compliment__named_text"], str(dict(ComplimentStatus.choices).get(status, status)), confirmed


def _answers_of(chunk: list[dict]) -> dict[tuple[int, int], list[Any]]:
    rows = Answer.objects.filter(response_id__in=[row["pk"] for row in chunk]).values_list(
        "response_id", "question_id", "number", "text", "choices"
    )
    return {(response_id, question_id): rest for response_id, question_id, *rest in rows}


def export_rows(responses: QuerySet[Response]) -> Iterator[list]:
    """The header, then one list of cells per response."""
    questions = _questions(responses)
    surveys = {question.survey_id: str(question.survey) for question in questions}
    several_surveys = len(surveys) > 1
    yield [
        _("Response"),
        _("Submitted"),
        _("Survey"),
        _("Department"),
        _("Service point"),
        _("Channel"),
        _("Language"),
        _("Status"),
        _("Flagged"),
        _("Asked to be contacted"),
        _("Tags"),
        _("Compliment: name given"),
        _("Compliment: status"),
        _("Compliment: staff member"),
        *[f"{question.survey}: {question.text}" if several_surveys else question.text for question in questions],
    ]
    channels, statuses, yes_no = dict(Channel.choices), dict(ResponseStatus.choices), {True: _("yes"), False: _("no")}
    zone = timezone.get_current_timezone()
    for chunk in _chunks(responses):
        answers, tags = _answers_of(chunk), _tags_of(chunk)
        for row in chunk:
            yield [
                neutralise(cell)
                for cell in (
                    row["pk"],
                    row["submitted_at"].astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                    surveys.get(row["survey_id"], ""),
                    row["department__name"],
                    row["service_point__name"],
                    str(channels.get(row["channel"], row["channel"])),
                    row["language"],
                    str(statuses.get(row["status"], row["status"])),
                    yes_no[row["flagged"]],
                    yes_no[row["wants_contact"]],
                    tags.get(row["pk"], ""),
                    *_compliment_cells(row),
                    *[_answer_cell(answers.get((row["pk"], question.pk))) for question in questions],
                )
            ]


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer inside a streaming response."""

    def write(self, value):
        return value


def csv_lines(responses: QuerySet[Response]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
    for row in export_rows(responses):
        yield writer.writerow(row)


def write_csv(rows: Iterable[list], handle: IO[str]) -> None:
    """The rows into a text file opened with newline="" (the export job's file)."""
    handle.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    csv.writer(handle).writerows(rows)


def write_xlsx(rows: Iterable[list], target) -> None:
    """The rows as a one-sheet workbook, streamed to disk (serviceculture.spreadsheets)."""
    write_workbook([(_("Responses"), rows)], target)


def xlsx_file(responses: QuerySet[Response]):
    """An XLSX in a temporary file, for the direct download of a small export."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (returned open: the download streams it, then closes it)
    write_xlsx(export_rows(responses), handle)
    handle.seek(0)
    return handle
