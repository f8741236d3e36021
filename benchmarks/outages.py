"""What a Redis outage costs a resident, and what /healthz costs: real gunicorn, real redis-server.

Works on a scratch copy of DATABASE_URL's database (migrated first if needed), dropped at the end, and on a
redis-server of its own that it stops half way; the shared servers are never touched:

    DATABASE_URL=postgres://... .venv/bin/python benchmarks/outages.py [submissions]

Prints one row per measure with the floor it should stay under.
"""

import os
import statistics
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "serviceculture.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-" + "x" * 40)

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from org.models import Channel, Department, ServicePoint  # noqa: E402
from surveys.models import Response, SurveyStatus  # noqa: E402
from surveys.services.builder import create_a11_survey  # noqa: E402
from surveys.services.links import create_links  # noqa: E402
from tests.servers import fetch, gunicorn, redis_server, scratch_database  # noqa: E402

CSRF = "c" * 32
# measure: the most it may take (seconds), or the most server errors
FLOORS = {
    "submit_redis_up_p95_s": 0.5,
    "submit_redis_down_p95_s": 0.5,
    "submit_redis_down_max_s": 2.5,
    "healthz_redis_up_p95_s": 0.25,
    "healthz_redis_down_p95_s": 0.25,
    "healthz_8_at_once_p95_s": 1.0,
    "server_errors": 0,
}


def make_link() -> tuple[str, dict]:
    department = Department.objects.create(code="BENCH-OUT", name="Benchmark department", email="bench@example.gov")
    point = ServicePoint.objects.create(department=department, name="Benchmark counter", channel=Channel.COUNTER)
    survey = create_a11_survey(by=None)
    survey.status = SurveyStatus.LIVE
    survey.save()
    link = create_links(survey=survey, service_point=point, by=None)[0]
    fields = {f"q{question.pk}": "4" if question.scale else "Fine." for question in survey.questions.all()}
    return link.token, {**fields, "csrfmiddlewaretoken": CSRF, "wants_contact": "yes", "contact_email": "r@example.com"}


def timed(function) -> tuple[float, int]:
    started = time.perf_counter()
    status = function()
    return time.perf_counter() - started, status


def submissions(url: str, fields: dict, count: int, offset: int) -> list[tuple[float, int]]:
    body = urllib.parse.urlencode(fields).encode()

    def post(number: int):
        headers = {
            "Cookie": f"csrftoken={CSRF}",
            "X-Real-IP": f"10.1.{number // 250}.{number % 250}",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        return lambda: fetch(url, data=body, headers=headers)[0]

    return [timed(post(offset + number)) for number in range(count)]


def health_checks(url: str, count: int) -> list[tuple[float, int]]:
    return [timed(lambda: fetch(url)[0]) for _check in range(count)]


def concurrent_health_checks(url: str, count: int, clients: int = 8) -> list[tuple[float, int]]:
    """`clients` checkers at once, as several load balancers and monitors would: the probe row must not queue them."""
    with ThreadPoolExecutor(max_workers=clients) as pool:
        batches = list(pool.map(lambda _client: health_checks(url, count // clients), range(clients)))
    return [sample for batch in batches for sample in batch]


def p95(samples: list[tuple[float, int]]) -> float:
    return statistics.quantiles([seconds for seconds, _ in samples], n=20)[-1]


def main(count: int) -> None:
    call_command("migrate", verbosity=0)
    with scratch_database() as scratch, redis_server() as redis, tempfile.TemporaryDirectory() as logs:
        connection.settings_dict["NAME"] = scratch.name
        connection.close()
        token, fields = make_link()
        environment = scratch.environment(
            REDIS_URL=redis.url, ALLOWED_HOSTS="127.0.0.1", CLIENT_ADDRESS_HEADER="HTTP_X_REAL_IP"
        )
        with gunicorn(environment, log=Path(logs) / "web.log") as base:
            url = f"{base}/s/{token}/"
            submissions(url, fields, 10, 90_000)  # warm both workers
            up = submissions(url, fields, count, 0)
            healthz_up = health_checks(f"{base}/healthz", count)
            healthz_crowd = concurrent_health_checks(f"{base}/healthz", 4 * count)
            redis.stop()
            down = submissions(url, fields, count, count)
            healthz_down = health_checks(f"{base}/healthz", count)
        stored = Response.objects.count()
        connection.close()
    sent = 10 + 2 * count
    acknowledged = 10 + sum(status == 302 for _, status in up + down)
    errors = sum(status >= 500 for _, status in up + down + healthz_up + healthz_crowd + healthz_down)
    figures = {
        "submit_redis_up_p95_s": p95(up),
        "submit_redis_down_p95_s": p95(down),
        "submit_redis_down_max_s": max(seconds for seconds, _ in down),
        "healthz_redis_up_p95_s": p95(healthz_up),
        "healthz_redis_down_p95_s": p95(healthz_down),
        "healthz_8_at_once_p95_s": p95(healthz_crowd),
        "server_errors": errors,
    }
    print(
        f"{sent} submissions sent, {acknowledged} acknowledged, {stored} stored; medians: submit up {statistics.median(s for s, _ in up):.3f} s, "
        f"down {statistics.median(s for s, _ in down):.3f} s, healthz up {statistics.median(s for s, _ in healthz_up):.3f} s, "
        f"down {statistics.median(s for s, _ in healthz_down):.3f} s"
    )
    print(f"{'measure':<28}{'value':>10}{'floor':>10}  ok")
    for name, value in figures.items():
        print(f"{name:<28}{value:>10.3f}{FLOORS[name]:>10}  {'yes' if value <= FLOORS[name] else 'NO'}")
    if stored != acknowledged:
        print(f"LOST: {acknowledged - stored} acknowledged submissions are not stored")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
