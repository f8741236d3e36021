"""The records staff leave behind besides training and evaluations: alerts and alert settings, workshop
answers, unpublished actions taken on feedback; and the theme tags that go with residents' comments. Each goes
on the day its period ends, holds keep it, and the dry run counts what the real run removes."""

from datetime import date

import pytest
from django.urls import reverse

from retention.models import RecordKind
from retention.selectors import due
from retention.services import lift_hold, place_hold, purge_records
from surveys.models import (
    Alert,
    AlertDelivery,
    AlertDigest,
    AlertKind,
    AlertSettings,
    Answer,
    Response,
    ResponseTheme,
    Theme,
)
from tests.reports.conftest import local
from tests.retention.conftest import leaver
from tests.surveys.test_alerts import subscribe
from tests.yousaid.conftest import water_text
from training.models import WorkshopAnswer, WorkshopAnswerKind
from yousaid.models import ActionStatus, FeedbackAction
from yousaid.services import publish_action, save_action

pytestmark = pytest.mark.django_db


# --- alerts ----------------------------------------------------------------------------------------------


def _alert(kit, *, raised_on: date, sent: bool = True, digest: AlertDigest | None = None) -> Alert:
    response = kit.respond(at=local(raised_on.year, raised_on.month, raised_on.day, 9), satisfaction=1)
    at = local(raised_on.year, raised_on.month, raised_on.day, 10)
    return Alert.objects.create(
        recipient=kit.org.head_user,
        kind=AlertKind.LOW_RESPONSE,
        delivery=AlertDelivery.DIGEST if digest else AlertDelivery.IMMEDIATE,
        response=response,
        created_at=at,
        sent_at=at if sent and not digest else None,
        digest=digest,
    )


def test_a_sent_alert_goes_180_days_after_it_was_raised_and_an_emptied_digest_with_it(kit, org):
    digest = AlertDigest.objects.create(recipient=org.head_user, day=date(2026, 1, 1), sent_at=local(2026, 1, 1, 18))
    alone, in_digest = _alert(kit, raised_on=date(2026, 1, 1)), _alert(kit, raised_on=date(2026, 1, 1), digest=digest)
    purge_records(today=date(2026, 6, 29))  # day 179
    assert Alert.objects.count() == 2

    run = purge_records(today=date(2026, 6, 30))
    assert not Alert.objects.filter(pk__in=[alone.pk, in_digest.pk]).exists()
    assert not AlertDigest.objects.exists()
    assert Response.objects.count() == 2  # the alerts go, not what they were about
    assert run.counts[RecordKind.ALERTS] == 2


def test_an_alert_still_owed_its_email_or_about_a_held_response_is_kept(kit, org):
    unsent = _alert(kit, raised_on=date(2025, 1, 1), sent=False)
    waiting = AlertDigest.objects.create(recipient=org.head_user, day=date(2025, 1, 1))
    in_unsent_digest = _alert(kit, raised_on=date(2025, 1, 1), digest=waiting)
    held = _alert(kit, raised_on=date(2025, 1, 1))
    hold = place_hold(target=Response.objects.get(alerts=held), reason="Complaint under review", by=org.admin_user)
    purge_records(today=date(2026, 6, 30))
    assert set(Alert.objects.values_list("pk", flat=True)) == {unsent.pk, in_unsent_digest.pk, held.pk}

    lift_hold(hold=hold, by=org.admin_user)
    purge_records(today=date(2026, 7, 1))
    assert not Alert.objects.filter(pk=held.pk).exists()


def test_a_leavers_alert_settings_go_90_days_after_they_left(org):
    subscribe(org.other_head_user, words="mold", low_response=AlertDelivery.IMMEDIATE)
    subscribe(org.head_user, low_response=AlertDelivery.DIGEST)  # still working: kept
    leaver(org.health_head, left_on=date(2026, 3, 1))
    purge_records(today=date(2026, 5, 29))  # day 89
    assert AlertSettings.objects.count() == 2

    run = purge_records(today=date(2026, 5, 30))
    assert list(AlertSettings.objects.values_list("user", flat=True)) == [org.head_user.pk]
    assert run.counts[RecordKind.ALERT_SETTINGS_OF_LEAVERS] == 1


# --- workshop answers ------------------------------------------------------------------------------------


def _workshop_answer(session, *, written_on: date, employee=None) -> WorkshopAnswer:
    answer = WorkshopAnswer.objects.create(
        session=session,
        module_version=session.module_version,
        employee=employee,
        kind=WorkshopAnswerKind.WORDS,
        prompt="One word for a good visit, one for a bad one",
        good_word="patient",
        bad_word="rushed",
    )
    WorkshopAnswer.objects.filter(pk=answer.pk).update(
        created_at=local(written_on.year, written_on.month, written_on.day, 10)
    )
    return answer


def test_anonymous_workshop_answers_go_five_years_after_they_were_written(org, session):
    answer = _workshop_answer(session, written_on=date(2021, 3, 1))
    signed_in = _workshop_answer(session, written_on=date(2021, 3, 1), employee=org.water_worker)
    purge_records(today=date(2026, 2, 28))
    assert WorkshopAnswer.objects.count() == 2

    run = purge_records(today=date(2026, 3, 1))  # the fifth anniversary
    assert list(WorkshopAnswer.objects.values_list("pk", flat=True)) == [signed_in.pk]  # still working here
    assert not WorkshopAnswer.objects.filter(pk=answer.pk).exists()
    assert run.counts[RecordKind.ANONYMOUS_WORKSHOP_ANSWERS] == 1


def test_a_leavers_signed_in_workshop_answers_go_with_their_training_records(org, session):
    answer = _workshop_answer(
        session, written_on=date(2026, 1, 1), employee=leaver(org.water_worker, left_on=date(2026, 2, 1))
    )
    purge_records(today=date(2031, 1, 31))
    assert WorkshopAnswer.objects.filter(pk=answer.pk).exists()
    run = purge_records(today=date(2031, 2, 1))
    assert not WorkshopAnswer.objects.filter(pk=answer.pk).exists()
    assert run.counts[RecordKind.TRAINING_OF_LEAVERS] == 1


def test_a_hold_on_an_invited_department_keeps_the_sessions_anonymous_answers(org, session):
    answer = _workshop_answer(session, written_on=date(2015, 1, 1))
    place_hold(target=org.public_works, reason="Grievance appeal", by=org.admin_user)  # Water is below it
    purge_records(today=date(2026, 7, 1))
    assert WorkshopAnswer.objects.filter(pk=answer.pk).exists()


# --- actions taken on feedback ---------------------------------------------------------------------------


def _changed_on(action: FeedbackAction, day: date) -> FeedbackAction:
    FeedbackAction.objects.filter(pk=action.pk).update(updated_at=local(day.year, day.month, day.day, 12))
    return action


def test_an_action_never_published_goes_two_years_after_its_last_change_and_published_ones_stay(org):
    draft = _changed_on(save_action(action=None, text=water_text(org), by=org.head_user), date(2024, 3, 1))
    waiting = _changed_on(
        save_action(action=None, text=water_text(org), by=org.head_user, submit=True), date(2020, 1, 1)
    )
    published = save_action(action=None, text=water_text(org), by=org.head_user, submit=True)
    published = _changed_on(publish_action(action=published, by=org.admin_user), date(2020, 1, 1))
    purge_records(today=date(2026, 2, 28))
    assert FeedbackAction.objects.count() == 3

    run = purge_records(today=date(2026, 3, 1))
    assert set(FeedbackAction.objects.values_list("status", flat=True)) == {
        ActionStatus.SUBMITTED,
        ActionStatus.PUBLISHED,
    }
    assert not FeedbackAction.objects.filter(pk=draft.pk).exists()
    assert {waiting.pk, published.pk} == set(FeedbackAction.objects.values_list("pk", flat=True))
    assert run.counts[RecordKind.UNPUBLISHED_ACTIONS] == 1


def test_a_service_point_hold_keeps_its_drafts(org):
    draft = _changed_on(save_action(action=None, text=water_text(org), by=org.head_user), date(2020, 3, 1))
    place_hold(target=org.counter, reason="Records request", by=org.admin_user)
    purge_records(today=date(2026, 3, 2))
    assert FeedbackAction.objects.filter(pk=draft.pk).exists()


# --- theme tags ------------------------------------------------------------------------------------------


def test_the_theme_tags_of_comments_go_with_the_answers(kit):
    theme = Theme.objects.create(name="Waiting", words_en="wait")
    tagged = kit.respond(at=local(2023, 6, 30, 10), satisfaction=2)
    left_over = kit.respond(at=local(2023, 6, 30, 11), satisfaction=2)
    Answer.objects.filter(response=left_over).delete()  # answers purged before tags were purged with them
    recent = kit.respond(at=local(2023, 7, 1, 10), satisfaction=2)
    for response in (tagged, left_over, recent):
        ResponseTheme.objects.create(response=response, theme=theme, words=["wait"])

    run = purge_records(today=date(2026, 7, 1))
    assert list(ResponseTheme.objects.values_list("response", flat=True)) == [recent.pk]
    assert run.counts[RecordKind.ANSWERS] == 2


# --- the dry run and the page ----------------------------------------------------------------------------


def test_the_dry_run_and_the_page_count_what_the_real_run_removes_of_these_kinds(client, org, kit, session):
    today = date(2026, 8, 1)
    for _ in range(2):
        _alert(kit, raised_on=date(2025, 1, 1))
        _workshop_answer(session, written_on=date(2020, 1, 1))
        _changed_on(save_action(action=None, text=water_text(org), by=org.head_user), date(2020, 1, 1))
    subscribe(org.other_head_user, low_response=AlertDelivery.IMMEDIATE)
    leaver(org.health_head, left_on=date(2026, 1, 1))
    kinds = (
        RecordKind.ALERTS,
        RecordKind.ALERT_SETTINGS_OF_LEAVERS,
        RecordKind.ANONYMOUS_WORKSHOP_ANSWERS,
        RecordKind.UNPUBLISHED_ACTIONS,
    )
    listed = {kind: due(kind, today=today).count() for kind in kinds}
    assert listed == dict(zip(kinds, (2, 1, 2, 2), strict=True))

    client.force_login(org.admin_user)
    text = client.get(reverse("retention:records")).content.decode()
    assert "Alerts emailed to staff" in text and "Unpublished actions taken on feedback" in text
    assert "2 alerts" in text and "2 answers" in text and "2 actions" in text

    dry = purge_records(dry_run=True, today=today)
    real = purge_records(today=today)
    assert {kind: real.counts[kind] for kind in kinds} == {kind: dry.counts[kind] for kind in kinds} == listed
    assert purge_records(dry_run=True, today=today).total == 0
