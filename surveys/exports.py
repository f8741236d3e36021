"""CSV and XLSX of responses: one row per response, a column per question, in constant memory.

Rows are read in chunks of plain values (keyset paging by primary key, then the chunk's answers in
one query) and written as they come, so a million responses never sit in memory at once. Every text cell is neutralised against formula injection.
"""

import csv
import tempfile
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from org.models import Channel
from serviceculture.spreadsheets import neutralise
from surveys.models import Answer, Question, Response, ResponseStatus

CHUNK = 500  # responses per fetch; with their answers, a few MiB at a time


def _questions(responses: QuerySet[Response]) -> list[Question]:
    survey_ids = responses.order_by().values("survey_id").distinct()
    return list(Question.objects.filter(survey_id__in=survey_ids).select_related("survey").order_by("survey_id", "order", "pk"))


def _answer_cell(answer: tuple | None):
    """An answer (number, text, choices) as one cell: the choices joined, else the number, else the text."""
    if answer is None:
        return ""
    number, text, choices = answer
    if choices:
        return "; ".join(choices)
    return number if number is not None else text


RESPONSE_COLUMNS = ("pk", "submitted_at", "survey_id", "department__name", "service_point__name", "channel",
                    "language", "status", "flagged", "wants_contact")


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


def _answers_of(chunk: list[dict]) -> dict[tuple[int, int], tuple]:
    rows = Answer.objects.filter(response_id__in=[row["pk"] for row in chunk]).values_list(
        "response_id", "question_id", "number", "text", "choices")
    return {(response_id, question_id): rest for response_id, question_id, *rest in rows}


def export_rows(responses: QuerySet[Response]) -> Iterator[list]:
    """The header, then one list of cells per response."""
    questions = _questions(responses)
    surveys = {question.survey_id: str(question.survey) for question in questions}
    several_surveys = len(surveys) > 1
    yield [
        _("Response"), _("Submitted"), _("Survey"), _("Department"), _("Service point"), _("Channel"), _("Language"),
        _("Status"), _("Flagged"), _("Asked to be contacted"),
        *[f"{question.survey}: {question.text}" if several_surveys else question.text for question in questions],
    ]
    channels, statuses, yes_no = dict(Channel.choices), dict(ResponseStatus.choices), {True: _("yes"), False: _("no")}
    zone = timezone.get_current_timezone()
    for chunk in _chunks(responses):
        answers = _answers_of(chunk)
        for row in chunk:
            yield [neutralise(cell) for cell in (
                row["pk"], row["submitted_at"].astimezone(zone).strftime("%Y-%m-%d %H:%M"), surveys.get(row["survey_id"], ""),
                row["department__name"], row["service_point__name"], str(channels.get(row["channel"], row["channel"])),
                row["language"], str(statuses.get(row["status"], row["status"])), yes_no[row["flagged"]],
                yes_no[row["wants_contact"]],
                *[_answer_cell(answers.get((row["pk"], question.pk))) for question in questions],
            )]


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer inside a streaming response."""

    def write(self, value):
        return value


def csv_lines(responses: QuerySet[Response]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
    for row in export_rows(responses):
        yield writer.writerow(row)


def xlsx_file(responses: QuerySet[Response]):
    """An XLSX in a temporary file: openpyxl's write-only mode streams rows to disk, not to memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Responses"))
    for row in export_rows(responses):
        sheet.append(row)
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle
