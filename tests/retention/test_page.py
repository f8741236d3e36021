"""The retention page: a program admin reads the schedule, the dry run, the runs and the holds, changes the
schedule, places and lifts a hold (on the audit trail); nobody else gets in."""

import pytest
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent
from retention.models import LegalHold, RecordKind, RetentionPeriod
from retention.schedule import RULES
from retention.services import place_hold, purge_records
from tests.reports.conftest import local

pytestmark = pytest.mark.django_db
PAGE = reverse("retention:records")


def _schedule(**changes) -> dict:
    return {kind: str(changes.get(kind, rule.default)) for kind, rule in RULES.items()}


def test_a_program_admin_sees_the_schedule_the_next_run_the_last_runs_and_the_holds(
    client, org, kit, django_assert_max_num_queries
):
    for day in range(1, 4):
        kit.respond(at=local(2019, 9, day, 10), satisfaction=3)
        place_hold(target=org.health, reason=f"Case {day}", by=org.admin_user)  # not where they answered
        purge_records(dry_run=True, by=org.admin_user, trigger="command")
    client.force_login(org.admin_user)
    with django_assert_max_num_queries(30):
        page = client.get(PAGE)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Residents&#x27; contact details" in text and "fiscal years" in text
    assert "3 responses" in text  # what the next run would remove
    assert text.count("Lift hold") == 3
    assert "manage.py purge_records" not in text  # started by a person: their name shows
    assert text.count(">admin<") >= 3


def test_the_page_costs_the_same_with_more_holds_and_runs(client, org, kit, django_assert_num_queries):
    client.force_login(org.admin_user)
    place_hold(target=kit.survey, reason="One", by=org.admin_user)
    purge_records(dry_run=True)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(PAGE)
    for index in range(5):
        place_hold(target=org.water, reason=f"More {index}", by=org.admin_user)
        purge_records(dry_run=True)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(PAGE)


def test_a_program_admin_changes_a_period_and_it_is_on_the_audit_trail(client, org):
    client.force_login(org.admin_user)
    response = client.post(reverse("retention:schedule"), _schedule(contact_details=30))
    assert response.status_code == 302
    assert RetentionPeriod.objects.get(kind=RecordKind.CONTACT_DETAILS).updated_by == org.admin_user
    assert AuditEvent.objects.filter(action=AuditAction.RETENTION_CHANGED).count() == 1


def test_a_period_out_of_range_comes_back_with_what_was_typed(client, org):
    client.force_login(org.admin_user)
    response = client.post(reverse("retention:schedule"), _schedule(contact_details=0, audit_trail=9))
    assert response.status_code == 400
    text = response.content.decode()
    assert 'name="audit_trail" value="9"' in text
    assert not RetentionPeriod.objects.exists()


def test_a_program_admin_places_and_lifts_a_hold_on_a_department(client, org):
    client.force_login(org.admin_user)
    placed = client.post(
        reverse("retention:hold_place"),
        {"target": "department", "department": org.public_works.pk, "reason": "Lawsuit 24-CV-118"},
    )
    assert placed.status_code == 302
    hold = LegalHold.objects.get()
    assert (hold.department, hold.placed_by, hold.is_active) == (org.public_works, org.admin_user, True)
    assert "Public Works" in client.get(PAGE).content.decode()

    lifted = client.post(reverse("retention:hold_lift", args=[hold.pk]))
    assert lifted.status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_by == org.admin_user and hold.lifted_at is not None
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", "actor"))
    assert actions == [(AuditAction.HOLD_PLACED, org.admin_user.pk), (AuditAction.HOLD_LIFTED, org.admin_user.pk)]
    again = client.post(reverse("retention:hold_lift", args=[hold.pk]), follow=True)
    assert "already lifted" in again.content.decode()


def test_a_hold_without_a_target_or_a_reason_is_refused_with_the_form_kept(client, org):
    client.force_login(org.admin_user)
    response = client.post(reverse("retention:hold_place"), {"target": "response", "response": "999999", "reason": ""})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter the number of an existing response." in text and 'value="999999"' in text
    assert not LegalHold.objects.exists()


@pytest.mark.parametrize("who", ["hr_user", "head_user", "trainer_user", "employee_user"])
def test_other_roles_cannot_place_a_hold(client, org, who):
    client.force_login(getattr(org, who))
    response = client.post(
        reverse("retention:hold_place"), {"target": "department", "department": org.water.pk, "reason": "x"}
    )
    assert response.status_code == 403
    assert not LegalHold.objects.exists()


@pytest.mark.parametrize(
    ("count", "english", "spanish"), [(1, "1 response", "1 respuesta"), (2, "2 responses", "2 respuestas")]
)
def test_counts_on_the_page_and_in_the_log_say_one_response_and_two_responses(count, english, spanish):
    from django.utils import translation

    rule = RULES[RecordKind.ANSWERS]
    assert rule.count(count) == english
    with translation.override("es"):
        assert rule.count(count) == spanish
