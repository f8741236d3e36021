"""Residents lose nothing when Redis or the database fails: real gunicorn, redis-server and worker where it matters."""

import logging
import re
import threading
import time
import urllib.parse
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.core import mail
from django.db import InternalError
from django.urls import reverse
from django.utils import timezone

from serviceculture.outages import REDIS_CACHE
from surveys import triage
from surveys.models import Response
from surveys.services import responses
from tests.factories import PASSWORD
from tests.servers import (
    celery_worker,
    fetch,
    gunicorn,
    redis_server,
    sign_in,
    wait_for_servers_to_leave_the_database,
    wait_until,
    worker_environment,
)
from tests.surveys.conftest import answers_post

CSRF_SECRET = "a" * 32  # what a browser's csrftoken cookie holds; the form sends it back


class Residents:
    """Residents posting the survey one after another, each from their own address, every other one asking for
    contact (each with their own email address, so a test can tell whose request was emailed)."""

    def __init__(self, base: str, token: str, survey) -> None:
        self.url = f"{base}/s/{token}/"
        self.answers = answers_post(survey, csrfmiddlewaretoken=CSRF_SECRET)  # read here: the thread uses no database
        self.sent: list[tuple[float, int, str]] = []  # (when, status, contact email or "")
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def post(self, number: int, *, address: str = "") -> tuple[float, int, str]:
        fields = dict(self.answers)
        email = f"resident{number}@example.com" if number % 2 else ""
        if email:
            fields.update(wants_contact="yes", contact_email=email)
        headers = {
            "Cookie": f"csrftoken={CSRF_SECRET}",
            "X-Real-IP": address or f"10.0.{number // 250}.{number % 250}",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        started = time.monotonic()
        status, _ = fetch(self.url, data=urllib.parse.urlencode(fields).encode(), headers=headers)
        return started, status, email

    def _loop(self) -> None:
        number = 0
        while not self.stopping.is_set() and number < 5000:
            self.sent.append(self.post(number))
            number += 1

    def emails_between(self, first: float, last: float) -> set[str]:
        return {email for started, _, email in self.sent if email and first <= started < last}


@pytest.fixture
def contact_department(org):
    org.water.email = "water@example.gov"
    org.water.save()
    # The suite hashes passwords fast (MD5); the server process only knows the real hashers.
    org.head_user.password = make_password(PASSWORD, hasher=PBKDF2PasswordHasher())
    org.head_user.save()
    return org.water


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_residents_lose_nothing_while_redis_is_stopped_and_started(survey, open_link, contact_department, tmp_path):
    with redis_server() as redis:
        environment = {
            **worker_environment(),
            "REDIS_URL": redis.url,
            "DEBUG": "false",
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "CLIENT_ADDRESS_HEADER": "HTTP_X_REAL_IP",
        }
        with (
            celery_worker(environment, log=tmp_path / "worker.log"),
            gunicorn(environment, log=tmp_path / "gunicorn.log") as base,
        ):
            residents = Residents(base, open_link.token, survey)
            residents.thread.start()
            try:
                wait_until(lambda: len(residents.sent) >= 20, seconds=60, what="20 submissions with Redis up")
                redis.stop()
                outage_began = time.monotonic()
                time.sleep(8)
                slowed = [residents.post(10_000 + n, address="192.0.2.1") for n in range(45)]
                head = sign_in(base, username="head", password=PASSWORD)
                staff_pages = {
                    page: fetch(f"{base}{page}", headers={"Cookie": head})[0]
                    for page in ("/", "/surveys/responses/", "/reports/")
                }
                redis.start()
                outage_ended = time.monotonic()
                time.sleep(10)  # longer than the outage pause (5 s): the web workers use Redis again
            finally:
                residents.stopping.set()
                residents.thread.join(timeout=60)
            # Requests for contact made once the web workers had noticed Redis was back go through the queue.
            queued_after = residents.emails_between(outage_ended + 6, time.monotonic())
            wait_until(
                lambda: _all_emailed(queued_after),
                seconds=60,
                what="the worker did not email the contact requests made after the outage",
            )

    wait_for_servers_to_leave_the_database()
    statuses = [status for _, status, _ in residents.sent]
    one_address = [status for _, status, _ in slowed]
    during = [started for started, _, _ in residents.sent if outage_began <= started < outage_ended]
    assert len(during) >= 10 and queued_after  # residents really posted through the outage and after it
    assert [status for status in statuses if status >= 500] == []
    assert set(statuses) == {302}, "every resident saw the thank-you redirect"
    assert Response.objects.count() == len(statuses) + one_address.count(302)  # every acknowledged one is stored
    # With Redis down, the rate limit counts in each web worker's memory: 45 posts from one address in a minute
    # are slowed down (2 workers x 10 a minute at most), and none of them is an error.
    assert 302 in one_address and 429 in one_address and set(one_address) <= {302, 429}
    assert staff_pages == {"/": 200, "/surveys/responses/": 200, "/reports/": 200}  # a head signed in and worked

    log = (tmp_path / "gunicorn.log").read_text()
    assert 1 <= log.count("The Redis cache is unreachable") <= 2  # once per web worker, not once per request
    assert 1 <= log.count("The Redis cache is back") <= 2
    assert 1 <= log.count("The Celery broker is unreachable") <= 2

    # The contact requests the web workers could not queue are those made while Redis was down (or until they
    # tried it again); the resend job, run later, emails each of them once.
    missed = Response.objects.awaiting_contact_email()
    missed_emails = set(missed.values_list("contact_email", flat=True))
    could_miss = residents.emails_between(outage_began - 2, outage_ended + 6) | {email for _, _, email in slowed}
    assert missed_emails and missed_emails <= could_miss
    print(
        f"{len(statuses) + len(one_address)} posts ({len(during) + len(one_address)} while Redis was down), "
        f"{sum(status >= 500 for status in statuses + one_address)} server errors, {Response.objects.count()} stored, "
        f"{len(missed_emails)} contact emails left to the resend job"
    )
    Response.objects.update(submitted_at=timezone.now() - timedelta(hours=1))  # the job's next run, an hour on
    assert triage.resend_contact_emails() == len(missed_emails)
    assert sorted(_resident_named_in(message) for message in mail.outbox) == sorted(missed_emails)
    assert not Response.objects.awaiting_contact_email().exists()


def _resident_named_in(message: mail.EmailMessage) -> str:
    found = re.search(r"resident\d+@example\.com", str(message.body))
    assert found is not None, message.body
    return found[0]


def _all_emailed(emails: set[str]) -> bool:
    return not Response.objects.filter(contact_email__in=emails, contact_email_sent_at__isnull=True).exists()


@pytest.mark.django_db
def test_residents_are_still_slowed_down_after_ten_posts_a_minute_while_redis_is_down(
    client, survey, open_link, redis_down, caplog
):
    caplog.set_level(logging.WARNING)
    url = reverse("surveys_public:respond", args=[open_link.token])
    statuses = [client.post(url, answers_post(survey)).status_code for _post in range(11)]
    assert statuses == [302] * 10 + [429]
    assert Response.objects.count() == 10
    assert [record.name for record in caplog.records].count("serviceculture.outages") == 1 and REDIS_CACHE.is_down


@pytest.mark.django_db
def test_a_database_that_refuses_the_write_gives_the_form_back_with_the_answers_typed(
    client, survey, open_link, monkeypatch
):
    def read_only(**kwargs):
        raise InternalError("cannot execute INSERT in a read-only transaction")

    monkeypatch.setattr(responses, "submit_response", read_only)
    url = reverse("surveys_public:respond", args=[open_link.token])
    page = client.post(url, answers_post(survey))
    text = page.content.decode()
    assert page.status_code == 503 and page["Retry-After"] == "120"
    assert "Your answers were not saved" in text and "please send them again in a few minutes" in text
    assert "A helpful visit." in text  # the comment the resident typed is still in the form
    assert not Response.objects.exists()
