"""CSV and XLSX of responses: one row per response, a column per question, in constant memory.

Rows are read in chunks (QuerySet.iterator with a prefetch per chunk) and written as they come, so a
million responses never sit in memory at once. Every text cell is neutralised against formula injection.
"""

import csv
import tempfile
from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from surveys.models import Answer, Question, Response

CHUNK = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _questions(responses: QuerySet[Response]) -> list[Question]:
    survey_ids = responses.order_by().values("survey_id").distinct()
    return list(Question.objects.filter(survey_id__in=survey_ids).select_related("survey").order_by("survey_id", "order", "pk"))


def _answer_cell(answer: Answer | None):
    if answer is None:
        return ""
    if answer.choices:
        return "; ".join(answer.choices)
    return answer.number if answer.number is not None else answer.text


def export_rows(responses: QuerySet[Response]) -> Iterator[list]:
    """The header, then one list of cells per response."""
    questions = _questions(responses)
    several_surveys = len({question.survey_id for question in questions}) > 1
    yield [
        _("Response"), _("Submitted"), _("Survey"), _("Department"), _("Service point"), _("Channel"), _("Language"),
        _("Status"), _("Flagged"), _("Asked to be contacted"),
        *[f"{question.survey}: {question.text}" if several_surveys else question.text for question in questions],
    ]
    rows = (
        responses.select_related("survey", "department", "service_point")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.only("response_id", "question_id", "number", "text", "choices")))
        .order_by("pk")
    )
    for response in rows.iterator(chunk_size=CHUNK):
        by_question = {answer.question_id: answer for answer in response.answers.all()}
        yield [neutralise(cell) for cell in (
            response.pk, timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M"), str(response.survey),
            response.department.name, response.service_point.name, response.get_channel_display(), response.language,
            response.get_status_display(), _("yes") if response.flagged else _("no"),
            _("yes") if response.wants_contact else _("no"),
            *[_answer_cell(by_question.get(question.pk)) for question in questions],
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
