"""The benchmark's data: the demo organisation (seed_demo), then `size` responses with seven answers each,
made by set-based SQL (INSERT ... SELECT over generate_series), spread over the two years that end
yesterday (local time) across every open link of every live survey.

Scores follow a fixed hash of the response and question, so a run is repeatable; one response in 40 asks
to be contacted, one in 200 is spam, one in 25 has been responded to.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.utils import timezone

DAYS = 730

RESPONSES = """
WITH links AS (
    SELECT row_number() OVER (ORDER BY l.id) - 1 AS i, l.id, l.survey_id, l.service_point_id,
           sp.department_id, sp.channel
    FROM surveys_surveylink l
    JOIN org_servicepoint sp ON sp.id = l.service_point_id
    JOIN surveys_survey s ON s.id = l.survey_id
    WHERE l.kind = 'open' AND s.status = 'live'
), made AS (
    SELECT n, %(end)s - make_interval(secs => (n - 1) * %(span)s / %(count)s + 1) AS at,
           (n * 2654435761) %% (SELECT count(*) FROM links) AS i
    FROM generate_series(1, %(count)s) AS n
)
INSERT INTO surveys_response (channel, submitted_at, language, status, is_spam, archived, flagged,
    wants_contact, contact_name, contact_email, contact_phone, updated_at, department_id, service_point_id,
    survey_id, link_id, personal_data_masked, page_path)
SELECT links.channel, made.at, CASE WHEN n %% 7 = 0 THEN 'es' ELSE 'en' END,
       CASE WHEN n %% 25 = 0 THEN 'responded' ELSE 'new' END, n %% 200 = 0, false, n %% 97 = 0,
       n %% 40 = 0, CASE WHEN n %% 40 = 0 THEN 'Resident ' || n ELSE '' END,
       CASE WHEN n %% 40 = 0 THEN 'resident' || n || '@example.org' ELSE '' END, '',
       coalesce(%(touched)s::timestamptz, made.at), links.department_id, links.service_point_id, links.survey_id, links.id, false, ''
FROM made JOIN links USING (i)
WHERE made.at >= %(start)s
"""

# Seven answers per response: one driver question of its survey, each 1-5 (skewed towards agree).
ANSWERS = """
INSERT INTO surveys_answer (driver, number, text, choices, satisfied, score, question_id, response_id, masked_kinds)
SELECT q.driver, s.score, '', '[]'::jsonb, s.score >= 4, s.score, q.id, r.id, '[]'::jsonb
FROM surveys_response r
JOIN surveys_question q ON q.survey_id = r.survey_id AND q.kind = 'agreement' AND q.driver <> ''
CROSS JOIN LATERAL (
    SELECT (ARRAY[1, 2, 3, 3, 4, 4, 4, 5, 5, 5])[1 + ((r.id * 31 + q.id) * 2654435761) %% 10]::smallint AS score
) s
WHERE r.id > %(after)s
"""


def local_midnight(day) -> datetime:
    return datetime.combine(day, time.min, ZoneInfo(settings.TIME_ZONE))


def add_responses(*, count: int, start: datetime, end: datetime, touched: datetime | None = None) -> int:
    """`count` responses evenly spread from `start` up to (not including) `end`, and their answers, last
    changed at `touched` (default: when submitted). Returns how many responses were made."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM surveys_response")
        after = cursor.fetchone()[0]
        span = (end - start).total_seconds()
        cursor.execute(RESPONSES, {"count": count, "end": end, "start": start, "span": span, "touched": touched})
        made = cursor.rowcount
        cursor.execute(ANSWERS, {"after": after})
    return made


def build(size: int) -> int:
    """Two years of `size` responses ending at yesterday's local midnight. Returns responses made."""
    today = timezone.localdate()
    end = local_midnight(today)
    made = add_responses(count=size, start=end - timedelta(days=DAYS), end=end)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE surveys_response")
        cursor.execute("ANALYZE surveys_answer")
    return made


def add_new_day(size: int) -> int:
    """One more day's responses (today, up to now), as if the day's residents had answered."""
    start = local_midnight(timezone.localdate())
    now = timezone.now()
    return add_responses(
        count=max(1, size // DAYS), start=start, end=max(now, start + timedelta(seconds=1)), touched=now
    )
