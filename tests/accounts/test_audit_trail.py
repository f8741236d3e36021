"""The audit trail page: program admins only, newest first, filtered, in local time, readable and escaped, a
fixed number of queries however long the trail, and a CSV download that is itself on record."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from accounts.audit import record
from accounts.models import AuditAction, AuditEvent
from tests.accounts.helpers import ONLY_PROGRAM_ADMINS

pytestmark = pytest.mark.django_db
URL = "/accounts/audit/"


def event(action, *, by=None, username="", at=None, summary="", **details) -> AuditEvent:
    made = record(action, by=by, username=username, summary=summary, details=details)
    if at is not None:
        AuditEvent.objects.filter(pk=made.pk).update(at=at)
    return made


@pytest.fixture
def trail(org):
    """Three events in the test zone (America/New_York, UTC-5 in March)."""
    return [
        event(AuditAction.SIGNED_IN, by=org.hr_user, at=datetime(2026, 3, 1, 15, 30, tzinfo=UTC)),
        # 22:00 on 1 March in New York, already 2 March in UTC
        event(
            AuditAction.EXPORTED,
            by=org.head_user,
            at=datetime(2026, 3, 2, 3, 0, tzinfo=UTC),
            summary="Survey responses, CSV",
            survey="7",
            tag=["late", "<b>loud</b>"],
        ),
        event(
            AuditAction.SIGN_IN_FAILED, username="<script>alert(1)</script>", at=datetime(2026, 3, 3, 12, tzinfo=UTC)
        ),
    ]


def page(client, user, **query):
    client.force_login(user)
    return client.get(URL, query)


def usernames(response) -> list[str]:
    return [row.record.username for row in response.context["table"].paginated_rows]


def test_the_program_admin_reads_the_trail_newest_first_in_local_time(client, org, trail):
    response = page(client, org.admin_user)
    assert usernames(response) == ["<script>alert(1)</script>", "head", "hr"]
    content = response.content.decode()
    assert "2026-03-01 10:30:00" in content and "2026-03-01 22:00:00" in content  # New York, not UTC
    assert "America/New_York" in content


def test_details_read_as_key_and_value_and_nothing_anyone_typed_runs(client, org, trail):
    content = page(client, org.admin_user).content.decode()
    assert "survey: 7" in content and "tag: late, &lt;b&gt;loud&lt;/b&gt;" in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content and "<script>alert(1)" not in content


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"action": "exported"}, ["head"]),
        ({"person": "H"}, ["head", "hr"]),  # part of a username, any case
        ({"since": "2026-03-02"}, ["<script>alert(1)</script>"]),  # 22:00 on 1 March local is not 2 March
        ({"until": "2026-03-01"}, ["head", "hr"]),  # a local day, both ends included
        ({"since": "2026-03-01", "until": "2026-03-01", "person": "hr"}, ["hr"]),
        ({"since": "not a date"}, []),  # refused with a message on the form, never a 500
    ],
)
def test_filters_by_action_person_and_local_days(client, org, trail, query, expected):
    response = page(client, org.admin_user, **query)
    assert response.status_code == 200 and usernames(response) == expected


def test_the_trail_is_paginated(client, org):
    for number in range(55):
        event(AuditAction.SIGNED_IN, username=f"user{number}")
    first, second = page(client, org.admin_user), client.get(URL, {"page": 2})
    assert len(usernames(first)) == 50 and usernames(second)[-1] == "user0"


def test_the_page_costs_the_same_queries_with_five_events_or_sixty(client, org, django_assert_max_num_queries):
    for number in range(5):
        event(AuditAction.EXPORTED, by=org.hr_user, summary="x", rows=number)
    client.force_login(org.admin_user)
    with django_assert_max_num_queries(20) as few:
        assert client.get(URL).status_code == 200
    for number in range(55):
        event(AuditAction.EXPORTED, by=org.head_user, summary="y", rows=number)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL).status_code == 200


def test_the_filtered_trail_downloads_as_csv_and_the_download_is_on_record(client, org, trail):
    response = page(client, org.admin_user, until="2026-03-01", _export="csv")
    assert response["Content-Disposition"] == 'attachment; filename="audit-trail.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["When", "Who", "What", "Summary", "Details"]
    assert rows[1][:4] == ["2026-03-01T22:00:00-05:00", "head", "Data exported", "Survey responses, CSV"]
    assert rows[1][4] == '{"survey": "7", "tag": ["late", "<b>loud</b>"]}'
    assert rows[2][:3] == ["2026-03-01T10:30:00-05:00", "hr", "Signed in"] and len(rows) == 3
    download = AuditEvent.objects.get(action=AuditAction.EXPORTED, username="admin")
    assert download.details == {"until": "2026-03-01", "format": "csv", "rows": 2}


def test_a_download_larger_than_a_web_request_should_build_is_refused_with_the_reason(client, org, trail, settings):
    settings.EXPORT_DIRECT_MAX_ROWS = 2
    response = page(client, org.admin_user, since="2026-01-01", _export="csv")
    assert response.status_code == 302 and response["Location"] == f"{URL}?since=2026-01-01"
    assert "select 3 events; a download holds at most 2" in client.get(response["Location"]).content.decode()
    assert not AuditEvent.objects.filter(username="admin").exists()


@pytest.mark.parametrize(
    "who, expected",
    ONLY_PROGRAM_ADMINS,
)
def test_only_program_admins_open_the_trail_or_its_csv(client, org, trail, who, expected):
    assert page(client, getattr(org, who)).status_code == expected
    assert client.get(URL, {"_export": "csv"}).status_code == expected


def test_a_signed_out_visitor_is_sent_to_sign_in(client, org):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_the_navigation_offers_the_trail_to_program_admins_only(client, org):
    link = f'href="{URL}"'
    assert link in page(client, org.admin_user).content.decode()
    client.force_login(org.hr_user)
    assert link not in client.get(reverse("home")).content.decode()
