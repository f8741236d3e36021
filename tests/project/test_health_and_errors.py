import json
import urllib.parse

import pytest
from django.db import connection
from django.db.utils import OperationalError

from tests.servers import fetch, gunicorn


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] in {"ok", "down"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.django_db
def test_unknown_page_is_our_own_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


@pytest.mark.django_db
def test_404_page_in_spanish(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="es")
    assert "No encontramos esa página" in response.content.decode()


def test_500_page_renders_without_the_database(rf):
    from serviceculture.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_healthz_stays_200_when_only_the_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6399/0"  # nothing listens there
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok" and response.json()["broker"] == "down"


@pytest.mark.django_db
def test_healthz_writes_its_probe_row_each_time(client):
    from serviceculture.models import HealthProbe

    client.get("/healthz")
    first = HealthProbe.objects.get().checked_at
    assert client.get("/healthz").json()["database"] == "ok"
    assert HealthProbe.objects.get().checked_at >= first


@pytest.mark.django_db
def test_healthz_reports_the_last_good_metrics_run_and_its_age(client):
    from datetime import timedelta

    from django.utils import timezone

    from reports.models import MetricsRun, RunStatus

    assert client.get("/healthz").json()["last_good_metrics_run"] is None
    finished = timezone.now() - timedelta(hours=5)
    good = MetricsRun.objects.create(
        started_at=finished - timedelta(minutes=3), finished_at=finished, status=RunStatus.SUCCEEDED
    )
    MetricsRun.objects.create(started_at=timezone.now(), status=RunStatus.FAILED, finished_at=timezone.now())
    reported = client.get("/healthz").json()["last_good_metrics_run"]
    assert reported["id"] == good.pk and reported["finished_at"] == finished.isoformat()
    assert 5 * 3600 <= reported["age_seconds"] < 5 * 3600 + 60


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_healthz_does_not_wait_for_a_check_that_holds_the_probe_row(client):
    """Concurrent checks never queue: one that finds the row locked by another check still proves the write."""
    import threading

    from django.db import connections, transaction

    from serviceculture.models import HealthProbe

    client.get("/healthz")  # the row exists
    holding, release = threading.Event(), threading.Event()

    def another_check_holding_the_row():
        with transaction.atomic():
            HealthProbe.objects.select_for_update().get()
            holding.set()
            release.wait(timeout=30)
        connections.close_all()

    holder = threading.Thread(target=another_check_holding_the_row)
    holder.start()
    try:
        assert holding.wait(timeout=10)
        response = client.get("/healthz")  # waiting for the row would end in its 2 s statement timeout: "down"
    finally:
        release.set()
        holder.join(timeout=30)
    assert response.status_code == 200 and response.json()["database"] == "ok"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_and_residents_are_told_while_the_database_refuses_writes(org, tmp_path):
    """Real gunicorn on a scratch copy of the test database, which is made read-only and then writable again."""
    from surveys.models import SurveyStatus
    from surveys.services.builder import create_a11_survey
    from surveys.services.links import create_links
    from tests.servers import scratch_database

    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    link = create_links(survey=survey, service_point=org.counter, by=org.admin_user)[0]
    post = {"csrfmiddlewaretoken": "b" * 32}
    post.update({f"q{question.pk}": "4" if question.scale else "Kind staff." for question in survey.questions.all()})

    with (
        scratch_database() as scratch,
        gunicorn(scratch.environment(ALLOWED_HOSTS="127.0.0.1"), log=tmp_path / "web.log") as base,
    ):
        writable = fetch(f"{base}/healthz")
        scratch.set_read_only(True)
        refused = fetch(f"{base}/healthz")
        form = fetch(f"{base}/s/{link.token}/")
        not_saved = _post_form(f"{base}/s/{link.token}/", post)
        scratch.set_read_only(False)
        writable_again = fetch(f"{base}/healthz")
        saved = _post_form(f"{base}/s/{link.token}/", post)
        stored = scratch.count("surveys_response")

    assert writable[0] == 200 and json.loads(writable[1])["database"] == "ok"
    assert refused[0] == 503 and json.loads(refused[1])["database"] == "read-only"
    assert form[0] == 200  # the form still shows; only its view count is lost
    assert not_saved[0] == 503 and b"Your answers were not saved" in not_saved[1] and b"Kind staff." in not_saved[1]
    assert writable_again[0] == 200 and saved[0] == 302
    assert stored == 1


def _post_form(url: str, fields: dict) -> tuple[int, bytes]:
    headers = {
        "Cookie": f"csrftoken={fields['csrfmiddlewaretoken']}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return fetch(url, data=urllib.parse.urlencode(fields).encode(), headers=headers)


def test_a_browser_asking_for_favicon_ico_is_sent_to_the_sites_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)


@pytest.mark.django_db
def test_every_page_names_the_icon(client):
    page = client.get("/standards/")

    assert 'rel="icon"' in page.content.decode()
