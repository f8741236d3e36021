"""The survey response export as a job: rows per second and memory, at a tenth of the size and at full size.

Flat memory means the process's peak stays put when the export grows tenfold. The export runs through the
job path exactly as a worker runs it (jobs.services.run_job: the filters rebuilt and scoped to the owner,
progress written at most once a second, the CSV written to JOBS_DIR), in this process.

Run it on a scratch database (it is migrated if needed; everything is made in one transaction that is rolled
back, so it is left as it was) with DEBUG off:

    createdb -h 127.0.0.1 -U postgres sc_bench
    SECRET_KEY=bench DATABASE_URL=postgres://postgres@127.0.0.1:5432/sc_bench \\
        .venv/bin/python benchmarks/jobs_export.py [responses, default 100000] [--trace]

On PostgreSQL the responses and their answers are made by INSERT ... SELECT over generate_series (a million
responses with eight answers each in a few minutes); elsewhere by bulk_create. --trace also measures the
peak of Python's own allocations with tracemalloc (slower: it runs each export a second time).
"""

import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "serviceculture.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from jobs import services as jobs  # noqa: E402
from jobs.models import Job, JobStatus  # noqa: E402
from org.models import Channel, Department, ServicePoint  # noqa: E402
from org.roles import Role  # noqa: E402
from surveys.jobs import EXPORT_KIND  # noqa: E402
from surveys.models import Answer, QuestionKind, Response, SurveyStatus  # noqa: E402
from surveys.services.builder import create_a11_survey  # noqa: E402
from surveys.services.links import create_links  # noqa: E402

# measure: the floor it should stay within
FLOORS = {"rows_per_s": 2000, "rss_growth_mib": 50.0, "traced_peak_mib": 20.0}


class Rollback(Exception):
    pass


def make_survey(point: ServicePoint, count: int):
    survey = create_a11_survey(title_en=f"Benchmark survey {count}", by=None)
    survey.status = SurveyStatus.LIVE
    survey.save()
    link = create_links(survey=survey, service_point=point, by=None)[0]
    if connection.vendor == "postgresql":
        _insert_with_sql(survey, link, point, count)
    else:
        _insert_with_orm(survey, link, point, count)
    return survey


def _insert_with_sql(survey, link, point, count: int) -> None:
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO surveys_response (channel, submitted_at, language, status, is_spam, archived, flagged,
                   wants_contact, contact_name, contact_email, contact_phone, updated_at, department_id,
                   service_point_id, survey_id, link_id)
               SELECT %s, %s - make_interval(secs => n), 'en', 'new', false, false, false, false, '', '', '', %s,
                   %s, %s, %s, %s FROM generate_series(1, %s) AS n""",
            [point.channel, now, now, point.department_id, point.pk, survey.pk, link.pk, count],
        )
        cursor.execute(
            """INSERT INTO surveys_answer (driver, number, text, choices, satisfied, score, question_id, response_id)
               SELECT q.driver, CASE WHEN q.kind = %s THEN 4 END,
                      CASE WHEN q.kind = %s THEN '' ELSE 'A comment, ' || r.id || ', about the visit.' END,
                      '[]'::jsonb, CASE WHEN q.kind = %s THEN true END, CASE WHEN q.kind = %s THEN 4 END, q.id, r.id
               FROM surveys_response r JOIN surveys_question q ON q.survey_id = r.survey_id
               WHERE r.survey_id = %s""",
            [QuestionKind.AGREEMENT] * 4 + [survey.pk],
        )
        # What autovacuum does for a real table: without statistics the planner takes the survey's index
        # and sorts what is left of it for every chunk of the export.
        cursor.execute("ANALYZE surveys_response")
        cursor.execute("ANALYZE surveys_answer")


def _insert_with_orm(survey, link, point, count: int) -> None:
    questions, now = list(survey.questions.all()), timezone.now()
    for start in range(0, count, 5000):
        batch = Response.objects.bulk_create(
            Response(
                survey=survey,
                link=link,
                service_point=point,
                department=point.department,
                channel=point.channel,
                submitted_at=now,
            )
            for _index in range(min(5000, count - start))
        )
        Answer.objects.bulk_create(
            (
                Answer(response=r, question=q, driver=q.driver, number=4, satisfied=True, score=4)
                if q.kind == QuestionKind.AGREEMENT
                else Answer(response=r, question=q, text="A comment about the visit.")
            )
            for r in batch
            for q in questions
        )


def run_export(owner, survey) -> tuple[float, Job]:
    job = jobs.start_job(
        kind=EXPORT_KIND,
        by=owner,
        parameters={"filters": {"survey": [str(survey.pk)]}, "format": "csv"},
        title="Benchmark export",
        language="en",
    )
    began = time.perf_counter()
    jobs.run_job(job_id=job.pk, claim=f"benchmark-{job.pk}")
    seconds = time.perf_counter() - began
    job.refresh_from_db()
    if job.status != JobStatus.DONE:
        raise SystemExit(f"the export job failed: {job.error}")
    return seconds, job


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def measure(largest: int, trace: bool) -> list[tuple]:
    rows: list[tuple] = []
    point = ServicePoint.objects.create(
        department=Department.objects.create(code="BENCH-J", name="Benchmark department"),
        name="Benchmark counter",
        channel=Channel.COUNTER,
    )
    owner = User.objects.create_user(username="benchmark-admin")
    owner.groups.add(Group.objects.get_or_create(name=Role.PROGRAM_ADMIN.value)[0])
    surveys = []
    for size in (largest // 10, largest):
        began = time.perf_counter()
        surveys.append((size, make_survey(point, size)))
        rows.append((f"set-up {size:,} responses: seconds", round(time.perf_counter() - began, 1), "-"))
    rss_before = max_rss_mib()
    for size, survey in surveys:
        seconds, job = run_export(owner, survey)
        rows.append((f"export job {size:,} rows: rows/s", int(size / seconds), f">= {FLOORS['rows_per_s']}"))
        rows.append((f"export job {size:,} rows: file MiB", round((job.file_size or 0) / 2**20, 1), "-"))
        rows.append(
            (
                f"export job {size:,} rows: max RSS growth MiB",
                round(max_rss_mib() - rss_before, 1),
                f"<= {FLOORS['rss_growth_mib']}",
            )
        )
        jobs.result_path(job).unlink()
        if trace:
            tracemalloc.start()
            _seconds, traced = run_export(owner, survey)
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            jobs.result_path(traced).unlink()
            rows.append(
                (f"export job {size:,} rows: traced peak MiB", round(peak, 1), f"<= {FLOORS['traced_peak_mib']}")
            )
    return rows


def main(largest: int, trace: bool) -> None:
    if settings.DEBUG:
        raise SystemExit("Run with DEBUG off: with DEBUG on Django keeps every statement in memory.")
    call_command("migrate", verbosity=0)
    settings.JOBS_DIR = Path(tempfile.mkdtemp(prefix="jobs-benchmark-"))
    settings.JOBS_MAX_ACTIVE_PER_USER = 10
    rows: list[tuple] = []
    try:
        with transaction.atomic():
            rows = measure(largest, trace)
            raise Rollback
    except Rollback:
        pass
    width = max(len(name) for name, _value, _floor in rows)
    print(f"{connection.vendor}, DEBUG off, {os.cpu_count()} cores")
    print(f"{'measure':<{width}}  {'value':>10}  floor")
    for name, value, floor in rows:
        print(f"{name:<{width}}  {value:>10}  {floor}")


if __name__ == "__main__":
    arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
    main(int(arguments[0]) if arguments else 100_000, "--trace" in sys.argv)
