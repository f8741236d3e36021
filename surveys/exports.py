"""CSV and XLSX of responses: one row per response, a column per question, in constant memory.

Rows are read in chunks of plain values (keyset paging by primary key, then the chunk's answers in
one query) and written as they come, so a million responses never sit in memory at once. Every text cell is neutralised against formula injection.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator
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
from surveys.models import Answer, Question, Response, ResponseStatus

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
    return filterset.qs


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
)


def _chunks(responses: QuerySet[Response]) -> Iterator[list[dict]]:
    """The responses as plain rows, CHUNK at a time by primary key (keyset paging: each fetch is an
    index range scan, and only one chunk is ever in memory)."""
    last = 0
    while True:
        chunk = list(responses.filter(pk__gt=last).order_by("pk").values(*RESPONSE_COLUMNS)[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1]["pk"]


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
        *[f"{question.survey}: {question.text}" if several_surveys else question.text for question in questions],
    ]
    channels, statuses, yes_no = dict(Channel.choices), dict(ResponseStatus.choices), {True: _("yes"), False: _("no")}
    zone = timezone.get_current_timezone()
    for chunk in _chunks(responses):
        answers = _answers_of(chunk)
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
