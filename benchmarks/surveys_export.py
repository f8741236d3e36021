"""How the surveys app scales: the CSV export's memory stays flat as responses grow, and a submission
runs the same number of statements whatever the survey's length.

Runs inside one transaction that is rolled back, so it leaves the database as it found it:

    SECRET_KEY=bench DATABASE_URL=... .venv/bin/python benchmarks/surveys_export.py [largest]

(DEBUG off: with DEBUG on Django keeps every statement's SQL in memory, which is not the export's doing.)

Prints one row per measure with the floor it should stay under.
"""

import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "serviceculture.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from org.models import Channel, Department, ServicePoint  # noqa: E402
from surveys import exports  # noqa: E402
from surveys.models import Answer, Question, QuestionKind, Response, SurveyStatus  # noqa: E402
from surveys.services.builder import create_a11_survey  # noqa: E402
from surveys.services.links import create_links  # noqa: E402
from surveys.services.responses import submit_response  # noqa: E402
from surveys.submission import AnswerValue  # noqa: E402

# measure: the most it may reach (MiB of peak Python memory, statements, seconds)
FLOORS = {"export_peak_mib": 20.0, "submit_statements": 10, "export_rows_per_s": 2000}


class Rollback(Exception):
    pass


def build(count: int):
    department = Department.objects.create(code=f"BENCH-S{count}", name="Benchmark department")
    point = ServicePoint.objects.create(department=department, name="Benchmark counter", channel=Channel.COUNTER)
    survey = create_a11_survey(title_en=f"Benchmark survey {count}", by=None)
    survey.status = SurveyStatus.LIVE
    survey.save()
    link = create_links(survey=survey, service_point=point, by=None)[0]
    questions = list(survey.questions.all())
    now = timezone.now()
    for start in range(0, count, 5000):
        batch = Response.objects.bulk_create(
            Response(
                survey=survey,
                link=link,
                service_point=point,
                department=department,
                channel=point.channel,
                submitted_at=now,
            )
            for _index in range(min(5000, count - start))
        )
        Answer.objects.bulk_create(
            (
                Answer(response=response, question=q, driver=q.driver, number=4, satisfied=True, score=4)
                if q.kind == QuestionKind.AGREEMENT
                else Answer(response=response, question=q, text="A comment " * 20)
            )
            for response in batch
            for q in questions
        )
    return survey, link


def export_seconds(survey) -> float:
    began = time.perf_counter()
    for _line in exports.csv_lines(Response.objects.filter(survey=survey)):
        pass
    return time.perf_counter() - began


def export_peak_mib(survey) -> float:
    """Peak Python memory while streaming the whole CSV (measured apart: tracing slows the run)."""
    tracemalloc.start()
    for _line in exports.csv_lines(Response.objects.filter(survey=survey)):
        pass
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak


def submit_statements(survey, link, extra_questions: int) -> int:
    for index in range(extra_questions):
        Question.objects.create(survey=survey, kind=QuestionKind.STARS, text=f"Extra {index}", order=100 + index)
    link = type(link).objects.select_related("survey", "service_point").get(pk=link.pk)
    answers = [AnswerValue(q, number=3) if q.scale else AnswerValue(q, text="ok") for q in survey.questions.all()]
    with CaptureQueriesContext(connection) as captured:
        submit_response(link=link, answers=answers, language="en")
    return len(captured)


def main(largest: int) -> None:
    rows: list[tuple[str, float, float | str]] = []  # (measure, value, floor)
    try:
        with transaction.atomic():
            for size in (largest // 10, largest):
                survey, link = build(size)
                rows.append(
                    (f"export {size} responses: peak MiB", round(export_peak_mib(survey), 1), FLOORS["export_peak_mib"])
                )
                rows.append(
                    (
                        f"export {size} responses: rows/s",
                        int(size / export_seconds(survey)),
                        f">= {FLOORS['export_rows_per_s']}",
                    )
                )
            for extra in (0, 7):
                count = submit_statements(survey, link, extra)
                rows.append(
                    (f"submit statements, {survey.questions.count()} questions", count, FLOORS["submit_statements"])
                )
            raise Rollback
    except Rollback:
        pass
    width = max(len(name) for name, _value, _floor in rows)
    print(f"{'measure':<{width}}  {'value':>10}  floor")
    for name, value, floor in rows:
        print(f"{name:<{width}}  {value:>10}  {floor}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
