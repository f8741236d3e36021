"""Each kind of record goes on the day its retention period ends, not a day before; holds keep it; the dry run
lists what the real run removes. Dates are passed in (`today=`), so the clock is the test's."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.audit import record
from accounts.models import AuditAction, AuditEvent, Invitation
from evaluations.models import Evaluation
from retention.models import PurgeRun, PurgeStatus, RecordKind
from retention.selectors import due, due_counts
from retention.services import lift_hold, place_hold, purge_records, set_period
from surveys.models import Answer, LinkViewDay, Response, ResponseStatus, TriageAction, TriageEvent
from tests.evaluations.builders import make_cycle
from tests.reports.conftest import local
from tests.retention.conftest import leaver
from tests.training.conftest import published_module
from training.models import CompletionVia, ModuleCompletion

pytestmark = pytest.mark.django_db


def _closed_follow_up(kit, *, closed_on: date) -> Response:
    response = kit.respond(
        at=local(2026, 1, 5, 10),
        satisfaction=5,
        wants_contact=True,
        contact_name="Rosa Diaz",
        contact_email="rosa@example.com",
        contact_phone="555 010 2000",
        status=ResponseStatus.RESPONDED,
    )
    at = local(closed_on.year, closed_on.month, closed_on.day, 23, 30)
    TriageEvent.objects.create(response=response, action=TriageAction.FOLLOW_UP, detail="called back", at=at)
    return response


def test_a_residents_contact_details_are_blanked_90_days_after_the_follow_up_was_closed(kit):
    response = _closed_follow_up(kit, closed_on=date(2026, 3, 1))
    purge_records(today=date(2026, 5, 29))  # day 89
    response.refresh_from_db()
    assert response.contact_email == "rosa@example.com"

    run = purge_records(today=date(2026, 5, 30))  # day 90
    response.refresh_from_db()
    assert (response.contact_name, response.contact_email, response.contact_phone) == ("", "", "")
    assert response.wants_contact  # still counted as a follow-up request
    assert response.answers.count() == 1
    assert run.counts[RecordKind.CONTACT_DETAILS] == 1


def test_an_open_follow_up_keeps_the_residents_details(kit):
    response = kit.respond(at=local(2020, 1, 5, 10), wants_contact=True, contact_email="open@example.com")
    purge_records(today=date(2026, 5, 30))
    response.refresh_from_db()
    assert response.contact_email == "open@example.com"


def test_answers_go_on_the_first_day_of_the_fourth_fiscal_year_after_the_response(kit):
    # FY2023 runs from 1 July 2022 to 30 June 2023; kept through FY2024, FY2025 and FY2026.
    response = kit.respond(at=local(2023, 6, 30, 23, 0), satisfaction=4, trust=True)
    purge_records(today=date(2026, 6, 30))
    assert Answer.objects.filter(response=response).count() == 2

    run = purge_records(today=date(2026, 7, 1))
    assert not Answer.objects.filter(response=response).exists()
    assert Response.objects.filter(pk=response.pk).exists()  # when and where it was answered stay
    assert run.counts[RecordKind.ANSWERS] == 1


def test_triage_history_and_link_views_follow_the_fiscal_years_too(kit):
    response = kit.respond(at=local(2023, 7, 1, 9, 0))
    old = TriageEvent.objects.create(response=response, action=TriageAction.FLAG, at=local(2023, 6, 30, 12))
    kept = TriageEvent.objects.create(response=response, action=TriageAction.UNFLAG, at=local(2023, 7, 1, 0, 5))
    old_views = kit.views(day=date(2023, 6, 30), count=7)
    new_views = kit.views(day=date(2023, 7, 1), count=3)
    purge_records(today=date(2026, 6, 30))
    assert TriageEvent.objects.filter(pk=old.pk).exists() and LinkViewDay.objects.filter(pk=old_views.pk).exists()

    purge_records(today=date(2026, 7, 1))
    assert set(TriageEvent.objects.values_list("pk", flat=True)) == {kept.pk}
    assert set(LinkViewDay.objects.values_list("pk", flat=True)) == {new_views.pk}


def test_a_deleted_response_leaves_the_trash_30_days_after_it_was_deleted(kit):
    response = kit.respond(at=local(2026, 1, 5, 10), satisfaction=2)
    Response.objects.filter(pk=response.pk).update(deleted_at=local(2026, 2, 1, 8))
    purge_records(today=date(2026, 3, 2))  # day 29
    assert Response.objects.filter(pk=response.pk).exists()
    purge_records(today=date(2026, 3, 3))  # day 30
    assert not Response.objects.filter(pk=response.pk).exists()


def test_an_invitation_record_goes_180_days_after_it_was_sent(org):
    invitation = Invitation.objects.create(
        user=org.employee_user, created_at=local(2026, 1, 1, 12), sent_at=local(2026, 1, 1, 12)
    )
    purge_records(today=date(2026, 6, 29))  # day 179
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    purge_records(today=date(2026, 6, 30))
    assert not Invitation.objects.filter(pk=invitation.pk).exists()


def test_a_leavers_training_records_go_five_years_after_they_left(org):
    person = leaver(org.clinic_worker, left_on=date(2020, 3, 15))
    completion = ModuleCompletion.objects.create(
        employee=person,
        module_version=published_module(),
        completed_on=date(2019, 5, 2),
        via=CompletionVia.SELF_PACED,
        hours=Decimal("0.50"),
    )
    purge_records(today=date(2025, 3, 14))
    assert ModuleCompletion.objects.filter(pk=completion.pk).exists()
    run = purge_records(today=date(2025, 3, 15))
    assert not ModuleCompletion.objects.filter(pk=completion.pk).exists()
    assert run.counts[RecordKind.TRAINING_OF_LEAVERS] == 1


def test_someone_still_working_keeps_their_training_records(org):
    ModuleCompletion.objects.create(
        employee=org.water_worker,
        module_version=published_module(),
        completed_on=date(2010, 5, 2),
        via=CompletionVia.SELF_PACED,
        hours=Decimal("0.50"),
    )
    purge_records(today=date(2026, 7, 1))
    assert ModuleCompletion.objects.count() == 1


def _evaluation(employee) -> Evaluation:
    cycle = make_cycle("FY2019", fiscal_year=2019)
    evaluation = Evaluation.objects.create(
        cycle=cycle, employee=employee, department=employee.department, status="finalised", score=Decimal("4.00")
    )
    evaluation.score = Decimal("4.20")
    evaluation.save()  # a second version in the change history
    return evaluation


def test_a_leavers_evaluations_and_their_history_go_six_years_after_they_left(org):
    evaluation = _evaluation(leaver(org.clinic_worker, left_on=date(2020, 3, 15)))
    history = Evaluation.history.model.objects
    purge_records(today=date(2026, 3, 14))
    assert Evaluation.objects.filter(pk=evaluation.pk).exists()
    purge_records(today=date(2026, 3, 15))
    assert not Evaluation.objects.filter(pk=evaluation.pk).exists()
    assert not history.filter(id=evaluation.pk).exists()


def test_the_audit_trail_is_kept_seven_fiscal_years(org):
    event = record(AuditAction.SIGNED_IN, by=org.hr_user)
    AuditEvent.objects.filter(pk=event.pk).update(at=local(2019, 6, 30, 12))
    purge_records(today=date(2026, 6, 30))
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    purge_records(today=date(2026, 7, 1))  # FY2027 begins: FY2019 has had FY2020 ... FY2026
    assert not AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_program_admin_shortens_a_period_and_the_next_run_follows_it(kit, org):
    response = _closed_follow_up(kit, closed_on=date(2026, 3, 1))
    set_period(kind=RecordKind.CONTACT_DETAILS, period=30, by=org.admin_user)
    assert AuditEvent.objects.filter(action=AuditAction.RETENTION_CHANGED).count() == 1
    purge_records(today=date(2026, 3, 31))
    response.refresh_from_db()
    assert response.contact_email == ""


# --- legal holds ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["survey", "service_point", "department", "response"])
def test_a_hold_keeps_the_records_until_it_is_lifted_and_the_next_run_purges_them(kit, org, target):
    response = kit.respond(at=local(2022, 10, 5, 10), satisfaction=1)
    other = kit.respond(at=local(2022, 10, 5, 11), satisfaction=5, service_point=org.clinic_desk)
    held = {
        "survey": kit.survey,
        "service_point": org.counter,
        "department": org.public_works,  # the counter belongs to Water, below Public Works
        "response": response,
    }[target]
    hold = place_hold(target=held, reason="Claim 2026-114, records request from the county attorney", by=org.admin_user)

    purge_records(today=date(2026, 8, 1))
    assert response.answers.exists()
    assert other.answers.exists() == (target == "survey")

    lift_hold(hold=hold, by=org.admin_user)
    purge_records(today=date(2026, 8, 2))
    assert not response.answers.exists()
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert [a for a in actions if a in (AuditAction.HOLD_PLACED, AuditAction.HOLD_LIFTED)] == [
        AuditAction.HOLD_PLACED,
        AuditAction.HOLD_LIFTED,
    ]


def test_a_department_hold_keeps_its_leavers_training_records(org):
    person = leaver(org.clinic_worker, left_on=date(2015, 1, 1))
    ModuleCompletion.objects.create(
        employee=person,
        module_version=published_module(),
        completed_on=date(2014, 5, 2),
        via=CompletionVia.SELF_PACED,
        hours=Decimal("1.00"),
    )
    place_hold(target=org.health, reason="Grievance appeal", by=org.admin_user)
    purge_records(today=date(2026, 7, 1))
    assert ModuleCompletion.objects.filter(employee=person).exists()


def test_while_any_hold_is_active_the_audit_trail_is_kept(kit, org):
    event = record(AuditAction.SIGNED_IN, by=org.hr_user)
    AuditEvent.objects.filter(pk=event.pk).update(at=local(2015, 6, 30, 12))
    place_hold(target=kit.survey, reason="Audit by the state comptroller", by=org.admin_user)
    purge_records(today=date(2026, 7, 1))
    assert AuditEvent.objects.filter(pk=event.pk).exists()


# --- the dry run ------------------------------------------------------------------------------------------


def test_the_dry_run_lists_exactly_what_the_real_run_removes(kit, org, settings):
    settings.PURGE_BATCH_SIZE = 2  # several batches per kind
    today = date(2026, 8, 1)
    for day in range(1, 6):
        response = kit.respond(
            at=local(2022, 9, day, 10),
            satisfaction=3,
            wants_contact=True,
            contact_email=f"r{day}@example.com",
            status=ResponseStatus.RESPONDED,
        )
        TriageEvent.objects.create(response=response, action=TriageAction.FLAG, at=local(2022, 9, day, 12))
        kit.views(day=date(2022, 9, day), count=day)
    Response.objects.filter(pk=response.pk).update(deleted_at=timezone.now() - timedelta(days=400))
    kit.respond(at=local(2026, 7, 30, 10), satisfaction=5)  # recent: stays
    place_hold(target=Response.objects.order_by("pk")[0], reason="Complaint under review", by=org.admin_user)
    listed = {kind: set(due(kind, today=today).values_list("pk", flat=True)) for kind in RecordKind.values}

    dry = purge_records(dry_run=True, today=today)
    assert dry.counts == {kind: len(ids) for kind, ids in listed.items()} == due_counts(today=today)
    assert Answer.objects.count() == 6  # a dry run changes nothing

    real = purge_records(today=today)
    assert real.counts == dry.counts
    assert not Response.objects.filter(pk__in=listed[RecordKind.DELETED_RESPONSES]).exists()
    assert not Answer.objects.filter(response__in=listed[RecordKind.ANSWERS]).exists()
    assert not TriageEvent.objects.filter(pk__in=listed[RecordKind.TRIAGE_EVENTS]).exists()
    assert not LinkViewDay.objects.filter(pk__in=listed[RecordKind.LINK_VIEWS]).exists()
    assert Answer.objects.count() == 2  # the held response's and the recent one's
    assert purge_records(dry_run=True, today=today).total == 0  # nothing left: a second run finds nothing


def test_a_run_is_logged_with_counts_and_on_the_audit_trail_without_content(kit, org):
    kit.respond(at=local(2022, 9, 1, 10), satisfaction=3)
    run = purge_records(today=date(2026, 8, 1), by=org.admin_user, trigger="command")
    assert run.status == PurgeStatus.SUCCEEDED and run.finished_at and not run.dry_run
    event = AuditEvent.objects.get(action=AuditAction.RECORDS_PURGED)
    assert event.details["counts"][RecordKind.ANSWERS] == 1
    assert "example" not in str(event.details)


def test_a_run_waits_for_the_metrics_job(kit):
    from reports.services.runs import acquire_lock, release_lock

    assert acquire_lock("99:metrics")
    try:
        run = purge_records(today=date(2026, 8, 1))
    finally:
        release_lock("99:metrics")
    assert run.status == PurgeStatus.SKIPPED
    assert PurgeRun.objects.get(pk=run.pk).error
