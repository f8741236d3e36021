"""CSV and XLSX of responses: one row per response, a column per question, in constant memory.

One SELECT makes every cell, in the inbox's order (newest first, or the sort chosen on screen): labels,
local time, tags and each question's answer are computed by the database, and text that a spreadsheet
would run as a formula is neutralised there too (`Neutralised`, the rule of serviceculture.spreadsheets).
Python only moves finished rows from a server-side cursor to the file, a chunk at a time, so the statement
count stays the same whatever the size and a million responses never sit in memory at once.

A worksheet holds at most XLSX_MAX_ROWS rows: a bigger XLSX goes on over "Responses (2)", "Responses (3)"...,
each with the header.
"""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, islice
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Case, Expression, F, OuterRef, QuerySet, Subquery, TextField, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, Substr, Trim, TruncMinute
from django.http import QueryDict
from django.utils.translation import gettext as _

from org.access import require_role, scope, visible_departments
from org.models import Channel
from org.roles import Role
from serviceculture.spreadsheets import FORMULA_STARTS, neutralise, write_workbook
from surveys.filters import ResponseFilter
from surveys.models import CHOICE_KINDS, Answer, ComplimentStatus, Question, Response, ResponseStatus, Tag
from surveys.tables import screen_ordering

CHUNK = 2000  # rows per fetch from the server-side cursor, and per piece of a streamed CSV
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


# --- cells made by the database --------------------------------------------------------------------------

# serviceculture.spreadsheets.PLAIN_NUMBER anchored, with "%" written \x25 (a bare % would be taken for a
# query parameter); PostgreSQL's regular expressions and Python's (SQLite's REGEXP) read it alike.
_PLAIN_NUMBER = r"^-?\d+(\.\d+)?\s*\x25?$"


class Neutralised(Expression):
    """A text cell with a leading apostrophe where a spreadsheet would run it as a formula (the rule of
    serviceculture.spreadsheets.neutralise, in SQL)."""

    output_field = TextField()

    def __init__(self, expression: Any) -> None:
        super().__init__()
        self.expression = expression

    def get_source_expressions(self):
        return [self.expression]

    def set_source_expressions(self, exprs):
        (self.expression,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.expression)
        return _neutralised_sql(sql, connection.vendor), [*params, *params, *params, *params]


def _neutralised_sql(sql: str, vendor: str) -> str:
    """Neutralised's CASE around `sql`, which it names four times (keep it a column, not a subquery)."""
    character = "chr" if vendor == "postgresql" else "char"
    starts = ", ".join(f"{character}({ord(start)})" for start in FORMULA_STARTS)
    plain = f"{sql} ~ '{_PLAIN_NUMBER}'" if vendor == "postgresql" else f"{sql} REGEXP '{_PLAIN_NUMBER}'"
    return f"CASE WHEN substr({sql}, 1, 1) IN ({starts}) AND NOT ({plain}) THEN '''' || {sql} ELSE {sql} END"


class _AroundOne(Expression):
    """Text made by hand-written SQL around one other expression (each subclass writes its as_sql)."""

    output_field = TextField()

    def __init__(self, expression: Any) -> None:
        super().__init__()
        self.expression = expression

    def get_source_expressions(self):
        return [self.expression]

    def set_source_expressions(self, exprs):
        (self.expression,) = exprs


class _Joined(_AroundOne):
    """The texts of a JSON array joined with "; " (NULL for an empty array)."""

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.expression)
        if connection.vendor == "postgresql":
            return f"(SELECT string_agg(value, '; ') FROM jsonb_array_elements_text({sql}) value)", params
        return f"(SELECT group_concat(value, '; ') FROM json_each({sql}))", params


class _TagNames(_AroundOne):
    """A response's tags (the expression is its id), by name, joined with "; " and neutralised (NULL without
    tags)."""

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.expression)
        links, tags = Response.tags.through._meta.db_table, Tag._meta.db_table
        names = f"SELECT t.name FROM {links} rt JOIN {tags} t ON t.id = rt.tag_id WHERE rt.response_id = {sql}"
        if connection.vendor == "postgresql":
            joined = f"SELECT string_agg(name, '; ' ORDER BY name) AS cell FROM ({names}) names"
        else:
            joined = f"SELECT group_concat(name, '; ') AS cell FROM ({names} ORDER BY t.name)"
        return f"(SELECT {_neutralised_sql('cell', connection.vendor)} FROM ({joined}) tags)", params


def _labelled(field: str, choices: Iterable[tuple[Any, Any]], default: Any) -> Case:
    """A code shown as its label (neutralised here, once per label); an unknown code as itself."""
    return Case(
        *[When(**{field: code}, then=Value(neutralise(str(label)))) for code, label in choices],
        default=default,
        output_field=TextField(),
    )


def _answer_cell(question: Question) -> Case:
    """The response's answer to the question as one cell: the number on a scale, the choices joined, or the
    text; NULL (an empty cell) when unanswered. Only a response to the question's survey looks for it (CASE
    is lazy), so a row costs one index probe per question of its own survey, not of every survey exported."""
    # The question is matched through an expression, which no index serves: PostgreSQL then always probes the
    # (response, question) index by the response. Matched plainly, a question with few answers so far (a new
    # comment box) looked cheaper through the question's own index, which reads all its answers for every row
    # exported: twice the whole export's time at a million responses.
    answer = (
        Answer.objects.filter(response_id=OuterRef("pk"))
        .annotate(question_number=F("question_id") + 0)
        .filter(question_number=question.pk)
        .order_by()
    )
    if question.scale is not None:
        cell = Subquery(answer.values("number")[:1])
    else:
        text = _Joined(F("choices")) if question.kind in CHOICE_KINDS else F("text")
        cell = Subquery(answer.annotate(cell=Neutralised(text)).values("cell")[:1], output_field=TextField())
    return Case(When(survey_id=question.survey_id, then=cell), default=None)


def _cells(questions: list[Question]) -> dict[str, Any]:
    surveys = {question.survey_id: str(question.survey) for question in questions}
    yes_no = [(True, _("yes")), (False, _("no"))]
    employee = Trim(
        Concat(
            Coalesce("compliment__employee__first_name", Value(""), output_field=TextField()),
            Value(" "),
            Coalesce("compliment__employee__last_name", Value(""), output_field=TextField()),
            output_field=TextField(),
        )
    )
    return {
        "cell_submitted": Substr(Cast(TruncMinute("submitted_at"), TextField()), 1, 16),
        "cell_survey": _labelled("survey_id", surveys.items(), Value("")),
        "cell_department": Neutralised(F("department__name")),
        "cell_service_point": Neutralised(F("service_point__name")),
        "cell_channel": _labelled("channel", Channel.choices, Neutralised(F("channel"))),
        "cell_language": Neutralised(F("language")),
        "cell_status": _labelled("status", ResponseStatus.choices, Neutralised(F("status"))),
        "cell_flagged": _labelled("flagged", yes_no, Value("")),
        "cell_wants_contact": _labelled("wants_contact", yes_no, Value("")),
        "cell_tags": Coalesce(_TagNames(F("pk")), Value(""), output_field=TextField()),
        "cell_named": Coalesce(Neutralised(F("compliment__named_text")), Value(""), output_field=TextField()),
        "cell_compliment": _labelled(
            "compliment__status",
            ComplimentStatus.choices,
            Coalesce(Neutralised(F("compliment__status")), Value(""), output_field=TextField()),
        ),
        "cell_employee": Coalesce(Neutralised(employee), Value(""), output_field=TextField()),
        **{f"cell_q{question.pk}": _answer_cell(question) for question in questions},
    }


def _questions(responses: QuerySet[Response]) -> list[Question]:
    survey_ids = responses.order_by().values("survey_id").distinct()
    return list(
        Question.objects.filter(survey_id__in=survey_ids).select_related("survey").order_by("survey_id", "order", "pk")
    )


def export_rows(responses: QuerySet[Response]) -> Iterator[tuple]:
    """The header, then one tuple of cells per response, as the database made them."""
    questions = _questions(responses)
    several_surveys = len({question.survey_id for question in questions}) > 1
    yield tuple(
        neutralise(cell)
        for cell in (
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
        )
    )
    cells = _cells(questions)  # the time in the current time zone, as on screen (TruncMinute reads it)
    with _without_jit():
        yield from responses.annotate(**cells).values_list("pk", *cells).iterator(chunk_size=CHUNK)


@contextmanager
def _without_jit() -> Iterator[None]:
    """PostgreSQL prices a statement of many small subqueries so high that it compiles it to machine code
    first (JIT): seconds spent on index probes that take microseconds. Off for the export, back after it."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET jit")


# --- files ---------------------------------------------------------------------------------------------------


def csv_lines(responses: QuerySet[Response]) -> Iterator[str]:
    """The CSV of a streamed download, CHUNK rows per piece."""
    yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
    rows = export_rows(responses)
    while chunk := list(islice(rows, CHUNK)):
        piece = io.StringIO()
        csv.writer(piece).writerows(chunk)
        yield piece.getvalue()


def write_csv(rows: Iterable[tuple], handle: IO[str]) -> None:
    """The rows into a text file opened with newline="" (the export job's file)."""
    handle.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    csv.writer(handle).writerows(rows)


def _sheets(rows: Iterable[tuple]) -> Iterator[tuple[str, Iterable[tuple]]]:
    """The rows as worksheets of at most XLSX_MAX_ROWS rows, each opening with the header; one sheet at least."""
    rows = iter(rows)
    header = next(rows)
    number = 1
    while (first := next(rows, None)) is not None or number == 1:
        title = _("Responses") if number == 1 else _("Responses (%(number)s)") % {"number": number}
        body = [] if first is None else chain([first], islice(rows, XLSX_MAX_ROWS - 2))
        yield title, chain([header], body)
        number += 1


def write_xlsx(rows: Iterable[tuple], target) -> None:
    """The rows as a workbook streamed to disk (serviceculture.spreadsheets), over as many sheets as they need."""
    write_workbook(_sheets(rows), target)


def xlsx_file(responses: QuerySet[Response]):
    """An XLSX in a temporary file, for the direct download of a small export."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (returned open: the download streams it, then closes it)
    write_xlsx(export_rows(responses), handle)
    handle.seek(0)
    return handle
