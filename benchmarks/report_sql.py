"""The floor of `compute_metrics --full` for the survey report tables: two hand-written SQL statements that
produce exactly the rows of SurveyMetricDay and SurveyDriverDay (key and counts, without id and run), and
the check that they agree with the tables the project wrote, row for row.

The rules are the project's (surveys.models, reports.services.survey_metrics): a response counts unless it
is spam or deleted; a follow-up is waiting while the resident asked to be contacted, has not taken their
details back and the response is not yet responded; a compliment counts once confirmed with an employee;
link views and single-use links issued count on their local day at the link's service point.
"""

from django.conf import settings
from django.db import connection

DAY = "(({column}) AT TIME ZONE %(zone)s)::date"
KEY = "day, department_id, service_point_id, channel, survey_id"

METRIC_ROWS = f"""
WITH counted AS (
    SELECT {DAY.format(column="r.submitted_at")} AS day, r.department_id, r.service_point_id, r.channel, r.survey_id,
           count(*) AS responses,
           count(*) FILTER (WHERE r.wants_contact) AS follow_ups,
           count(*) FILTER (WHERE r.wants_contact AND r.contact_withdrawn_at IS NULL AND r.status <> 'responded')
               AS follow_ups_waiting,
           count(c.id) AS compliments
    FROM surveys_response r
    LEFT JOIN surveys_compliment c ON c.response_id = r.id AND c.status = 'confirmed' AND c.employee_id IS NOT NULL
    WHERE NOT r.is_spam AND r.deleted_at IS NULL
    GROUP BY 1, 2, 3, 4, 5
), viewed AS (
    SELECT v.day, sp.department_id, l.service_point_id, sp.channel, l.survey_id,
           sum(v.views) AS link_views, coalesce(sum(v.views) FILTER (WHERE l.kind = 'open'), 0) AS open_link_views
    FROM surveys_linkviewday v
    JOIN surveys_surveylink l ON l.id = v.link_id
    JOIN org_servicepoint sp ON sp.id = l.service_point_id
    GROUP BY 1, 2, 3, 4, 5
), issued AS (
    SELECT {DAY.format(column="l.created_at")} AS day, sp.department_id, l.service_point_id, sp.channel, l.survey_id,
           count(*) AS single_use_links_issued
    FROM surveys_surveylink l
    JOIN org_servicepoint sp ON sp.id = l.service_point_id
    WHERE l.kind = 'single_use'
    GROUP BY 1, 2, 3, 4, 5
)
SELECT {KEY},
       coalesce(responses, 0) AS responses, coalesce(link_views, 0) AS link_views,
       coalesce(open_link_views, 0) AS open_link_views,
       coalesce(single_use_links_issued, 0) AS single_use_links_issued,
       coalesce(follow_ups, 0) AS follow_ups, coalesce(follow_ups_waiting, 0) AS follow_ups_waiting,
       coalesce(compliments, 0) AS compliments
FROM counted FULL JOIN viewed USING ({KEY}) FULL JOIN issued USING ({KEY})
"""

DRIVER_ROWS = f"""
SELECT {DAY.format(column="r.submitted_at")} AS day, r.department_id, r.service_point_id, r.channel, r.survey_id,
       a.driver,
       count(*) FILTER (WHERE a.satisfied IS NOT NULL) AS answers, count(*) FILTER (WHERE a.satisfied) AS satisfied,
       count(a.score) AS scored, coalesce(sum(a.score), 0) AS score_sum,
       count(*) FILTER (WHERE a.score = 1) AS score_1, count(*) FILTER (WHERE a.score = 2) AS score_2,
       count(*) FILTER (WHERE a.score = 3) AS score_3, count(*) FILTER (WHERE a.score = 4) AS score_4,
       count(*) FILTER (WHERE a.score = 5) AS score_5
FROM surveys_answer a
JOIN surveys_response r ON r.id = a.response_id
WHERE a.driver <> '' AND NOT r.is_spam AND r.deleted_at IS NULL
GROUP BY 1, 2, 3, 4, 5, 6
"""

METRIC_COLUMNS = (
    f"{KEY}, responses, link_views, open_link_views, single_use_links_issued, follow_ups, follow_ups_waiting, "
    "compliments"
)
DRIVER_COLUMNS = f"{KEY}, driver, answers, satisfied, scored, score_sum, score_1, score_2, score_3, score_4, score_5"
TABLES = (
    ("bench_floor_metric_day", METRIC_ROWS, "reports_surveymetricday", METRIC_COLUMNS),
    ("bench_floor_driver_day", DRIVER_ROWS, "reports_surveydriverday", DRIVER_COLUMNS),
)


def run_floor() -> int:
    """Write both floor tables (as the project writes its report tables). Returns the rows written."""
    written = 0
    with connection.cursor() as cursor:
        for table, query, _report, _columns in TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(f"CREATE UNLOGGED TABLE {table} AS {query}", {"zone": settings.TIME_ZONE})
            written += cursor.rowcount
    return written


def differences() -> list[str]:
    """Each report table against its floor table, both ways, as multisets: empty when they agree."""
    found = []
    with connection.cursor() as cursor:
        for table, _query, report, columns in TABLES:
            for left, right in ((report, table), (table, report)):
                cursor.execute(f"SELECT {columns} FROM {left} EXCEPT ALL SELECT {columns} FROM {right} LIMIT 5")
                rows = cursor.fetchall()
                if rows:
                    found.append(f"{len(rows)}+ rows in {left} and not in {right}, e.g. {rows[0]}")
            cursor.execute(f"SELECT count(*) FROM {report}")
            count = cursor.fetchone()[0]
            found += [] if count else [f"{report} is empty: nothing was compared"]
    return found
