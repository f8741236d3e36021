"""How the nightly metrics job scales: a full rebuild and an incremental run over a year of responses.

Runs inside one transaction that is rolled back, so it leaves the database as it found it:

    DEBUG=true DATABASE_URL=... .venv/bin/python benchmarks/reports_metrics.py [responses]

Prints one row per measure with the floor it should stay under.
"""

import os
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "serviceculture.settings")

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from org.models import A11Driver, Channel, Department, ServicePoint  # noqa: E402
from reports.models import SurveyDriverDay, SurveyMetricDay  # noqa: E402
from reports.services import compute_metrics  # noqa: E402
from surveys.models import Answer, Question, QuestionKind, Response, Survey, SurveyLink  # noqa: E402

# measure: the most it may take (seconds)
FLOORS = {"full_rebuild_s": 120.0, "incremental_nothing_changed_s": 5.0, "incremental_one_new_response_s": 5.0}


class Rollback(Exception):
    pass


def build_year_of_responses(count: int) -> tuple[Survey, SurveyLink]:
    """`count` responses spread over the last 365 days at four service points, each with two driver answers."""
    department = Department.objects.create(code="BENCH-RPT", name="Benchmark department")
    points = [
        ServicePoint.objects.create(department=department, name=f"Bench point {n}", channel=channel)
        for n, channel in enumerate((Channel.COUNTER, Channel.PHONE, Channel.WEB, Channel.EMAIL))
    ]
    survey = Survey.objects.create(title="Benchmark survey", status="live")
    satisfaction = Question.objects.create(
        survey=survey, kind=QuestionKind.AGREEMENT, text="Satisfied", driver=A11Driver.SATISFACTION
    )
    trust = Question.objects.create(survey=survey, kind=QuestionKind.THUMBS, text="Trust", driver=A11Driver.TRUST)
    links = [
        SurveyLink.objects.create(token=f"bench-{point.pk}", survey=survey, service_point=point) for point in points
    ]
    now = timezone.now()
    responses = [
        Response(
            survey=survey,
            link=links[n % 4],
            service_point=points[n % 4],
            department=department,
            channel=points[n % 4].channel,
            submitted_at=now - timedelta(minutes=(n * 525_600) // count),
        )
        for n in range(count)
    ]
    Response.objects.bulk_create(responses, batch_size=5000)
    answers = []
    for n, response in enumerate(responses):
        score = n % 5 + 1
        answers.append(
            Answer(
                response=response,
                question=satisfaction,
                driver=A11Driver.SATISFACTION,
                number=score,
                score=score,
                satisfied=score >= 4,
            )
        )
        answers.append(
            Answer(response=response, question=trust, driver=A11Driver.TRUST, number=n % 2, satisfied=bool(n % 2))
        )
    Answer.objects.bulk_create(answers, batch_size=5000)
    return survey, links[0]


T = TypeVar("T")


def timed(function: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def main(count: int) -> int:
    results = {}
    try:
        with transaction.atomic():
            survey, link = build_year_of_responses(count)
            results["full_rebuild_s"], full = timed(lambda: compute_metrics(full=True))
            results["incremental_nothing_changed_s"], _run = timed(compute_metrics)
            Response.objects.create(
                survey=survey,
                link=link,
                service_point=link.service_point,
                department=link.service_point.department,
                channel=link.service_point.channel,
                submitted_at=timezone.now() - timedelta(days=200),
            )
            results["incremental_one_new_response_s"], incremental = timed(compute_metrics)
            rows = SurveyMetricDay.objects.count() + SurveyDriverDay.objects.count()
            raise Rollback
    except Rollback:
        pass
    print(f"{count:,} responses ({2 * count:,} answers) over 365 days -> {rows:,} report rows")
    print(
        f"full run: {full.days} days, {full.rows:,} rows; incremental run: {incremental.days} days, {incremental.rows:,} rows"
    )
    print(f"{'measure':<34}{'value':>10}{'floor':>10}")
    failed = False
    for measure, value in results.items():
        ok = value <= FLOORS[measure]
        failed |= not ok
        print(f"{measure:<34}{value:>10.2f}{FLOORS[measure]:>10.1f}{'' if ok else '  OVER'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
