"""The workflow's rules, through the services: who drafts, who reviews, what can change when, and the trail."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AuditAction, AuditEvent
from org.roles import Role
from serviceculture.dates import local_today
from tests.factories import make_user
from tests.yousaid.conftest import water_text
from yousaid.models import ActionStatus
from yousaid.selectors import action_history
from yousaid.services import publish_action, return_action, save_action, submit_action

pytestmark = pytest.mark.django_db


def test_a_head_drafts_an_action_for_a_division_of_their_department(org, draft):
    assert draft.status == ActionStatus.DRAFT
    assert (draft.department, draft.service_point, draft.created_by) == (org.water, org.counter, org.head_user)
    assert not action_history(draft).exists()  # a draft is the head's own business until it is sent


@pytest.mark.parametrize("who", ["other_head_user", "admin_user", "hr_user", "employee_user"])
def test_nobody_but_a_head_of_the_department_drafts_for_it(org, who):
    with pytest.raises(PermissionDenied):
        save_action(action=None, text=water_text(org), by=getattr(org, who))


def test_a_head_cannot_move_an_action_into_another_heads_department(org, draft):
    with pytest.raises(PermissionDenied):
        save_action(action=draft, text=water_text(org, department=org.clinic, service_point=None), by=org.head_user)


def test_a_service_point_of_another_department_is_refused_with_a_message(org):
    with pytest.raises(ValidationError) as refused:
        save_action(action=None, text=water_text(org, department=org.public_works), by=org.head_user)
    assert "service point of the department" in str(refused.value.message_dict["service_point"])


def test_a_change_in_the_future_is_refused(org):
    with pytest.raises(ValidationError) as refused:
        save_action(action=None, text=water_text(org, changed_on=local_today() + timedelta(days=1)), by=org.head_user)
    assert "cannot be in the future" in str(refused.value.message_dict["changed_on"])


def test_english_is_required_and_spanish_is_not(org):
    with pytest.raises(ValidationError) as refused:
        save_action(action=None, text=water_text(org, we_did_en="  "), by=org.head_user)
    assert "we_did_en" in refused.value.message_dict
    action = save_action(action=None, text=water_text(org, you_said_es="", we_did_es=""), by=org.head_user)
    assert (action.you_said_es, action.we_did_es) == ("", "")


def test_submitting_puts_the_step_on_the_audit_trail(org, draft):
    submit_action(action=draft, by=org.head_user)
    draft.refresh_from_db()
    assert (draft.status, draft.submitted_by) == (ActionStatus.SUBMITTED, org.head_user)
    event = AuditEvent.objects.get(action=AuditAction.ACTION_SUBMITTED)
    assert (event.actor, event.details["feedback_action"], event.details["department"]) == (
        org.head_user,
        draft.pk,
        "PW-W",
    )


def test_a_head_cannot_publish(org, submitted):
    with pytest.raises(PermissionDenied):
        publish_action(action=submitted, by=org.head_user)


def test_a_program_admin_publishes_and_the_trail_shows_who_did_what(org, submitted):
    action = publish_action(action=submitted, by=org.admin_user)
    assert (action.status, action.reviewed_by) == (ActionStatus.PUBLISHED, org.admin_user)
    assert [(event.action, event.actor) for event in action_history(action)] == [
        (AuditAction.ACTION_PUBLISHED, org.admin_user),
        (AuditAction.ACTION_SUBMITTED, org.head_user),
    ]


def test_returning_needs_a_note_which_the_head_then_reads(org, submitted):
    with pytest.raises(ValidationError) as refused:
        return_action(action=submitted, note="   ", by=org.admin_user)
    assert "note" in refused.value.message_dict
    action = return_action(action=submitted, note="Say which counter.", by=org.admin_user)
    assert (action.status, action.review_note) == (ActionStatus.RETURNED, "Say which counter.")
    assert AuditEvent.objects.get(action=AuditAction.ACTION_RETURNED).details["note"] == "Say which counter."


def test_a_returned_action_is_changed_and_sent_again_then_published(org, submitted):
    returned = return_action(action=submitted, note="Add the Spanish.", by=org.admin_user)
    changed = save_action(action=returned, text=water_text(org, we_did_en="A sign shows the wait."), by=org.head_user)
    assert changed.status == ActionStatus.RETURNED  # saved, not yet sent again
    submit_action(action=changed, by=org.head_user)
    published = publish_action(action=changed, by=org.admin_user)
    assert (published.we_did_en, published.review_note) == ("A sign shows the wait.", "")
    assert len(action_history(published)) == 4  # submitted, returned, submitted, published


@pytest.mark.parametrize("step", ["submitted", "published"])
def test_an_action_under_review_or_published_cannot_be_changed_or_sent_again(org, request, step):
    action = request.getfixturevalue(step)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        save_action(action=action, text=water_text(org), by=org.head_user)
    with pytest.raises(ValidationError):
        submit_action(action=action, by=org.head_user)


def test_only_an_action_waiting_for_review_is_reviewed(org, draft, published):
    for action in (draft, published):
        with pytest.raises(ValidationError, match="waiting for review"):
            publish_action(action=action, by=org.admin_user)


def test_a_head_who_is_also_a_program_admin_has_another_admin_review_their_own(org):
    org.head_user.groups.add(*make_user("spare", Role.PROGRAM_ADMIN).groups.all())
    org.head_user.__dict__.pop("_serviceculture_roles", None)
    action = save_action(action=None, text=water_text(org), by=org.head_user, submit=True)
    with pytest.raises(PermissionDenied):
        publish_action(action=action, by=org.head_user)
    assert publish_action(action=action, by=org.admin_user).status == ActionStatus.PUBLISHED
