"""The floor of the response export: one SELECT with the export's columns (the same header cells' values:
response, local time to the minute, survey, department, service point, channel and status labels, yes/no,
then one cell per question of the surveys exported), for PostgreSQL to COPY ... TO STDOUT.
"""

from django.conf import settings
from django.db import connection

from org.models import Channel
from surveys.models import Question, ResponseStatus


def _labels(column: str, choices) -> tuple[str, list]:
    cases = " ".join("WHEN %s THEN %s" for _choice in choices)
    params = [value for code, label in choices for value in (code, str(label))]
    return f"CASE {column} {cases} ELSE {column} END", params


def export_query(where: str, where_params: list) -> tuple[str, list]:
    """The SELECT and its parameters for the responses `where` selects (a condition on `r`)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT survey_id FROM surveys_response r WHERE {where}", where_params)
        survey_ids = [row[0] for row in cursor.fetchall()]
    questions = list(Question.objects.filter(survey_id__in=survey_ids).order_by("survey_id", "order", "pk"))
    channel, channel_params = _labels("r.channel", Channel.choices)
    status, status_params = _labels("r.status", ResponseStatus.choices)
    cells = ", ".join(f"max(cell) FILTER (WHERE question_id = {int(q.pk)}) AS q{int(q.pk)}" for q in questions)
    answer_columns = "".join(f", a.q{int(q.pk)}" for q in questions)
    query = f"""
        SELECT r.id AS response, to_char(r.submitted_at AT TIME ZONE %s, 'YYYY-MM-DD HH24:MI') AS submitted,
               coalesce(nullif(s.title_en, ''), s.title) || CASE WHEN s.version = 1 THEN '' ELSE ' (v' || s.version || ')' END
                   AS survey,
               d.name AS department, sp.name AS service_point, {channel} AS channel, r.language,
               {status} AS status, CASE WHEN r.flagged THEN 'yes' ELSE 'no' END AS flagged,
               CASE WHEN r.wants_contact THEN 'yes' ELSE 'no' END AS wants_contact{answer_columns}
        FROM surveys_response r
        JOIN surveys_survey s ON s.id = r.survey_id
        JOIN org_department d ON d.id = r.department_id
        JOIN org_servicepoint sp ON sp.id = r.service_point_id
        LEFT JOIN LATERAL (
            SELECT {cells or "NULL AS nothing"}
            FROM (
                SELECT question_id,
                       CASE WHEN jsonb_array_length(choices) > 0
                                THEN (SELECT string_agg(choice, '; ') FROM jsonb_array_elements_text(choices) choice)
                            WHEN number IS NOT NULL THEN number::text ELSE text END AS cell
                FROM surveys_answer WHERE response_id = r.id
            ) answers
        ) a ON true
        WHERE {where}
        ORDER BY r.id"""
    return query, [settings.TIME_ZONE, *channel_params, *status_params, *where_params]
