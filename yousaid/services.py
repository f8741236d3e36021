"""Writing, reviewing and publishing 'you said, we did' actions (the workflow is in yousaid/models.py).

Rules:
- a department head drafts, changes and submits actions for the departments they lead (and those below);
  a program admin reviews them. Nobody else writes one, and a head never publishes;
- only a draft or a returned action is changed or submitted; only an action waiting for review is published
  or returned, and a return says why (the note is shown to the head);
- the reviewer is not the person who submitted it: someone who is both head and program admin has another
  admin review their own;
- English is required; Spanish is optional and, until it is given, Spanish readers get the English;
- submitting, publishing and returning are on the audit trail, with the action's id in the details, so the
  action's page shows its history from there.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import AuditAction
from org.access import has_role, visible_departments
from org.models import Department, ServicePoint
from org.roles import Role
from yousaid.models import ActionStatus, FeedbackAction


@dataclass(frozen=True)
class ActionText:
    """What a head writes: the department, the optional service point, the date and the texts in both languages."""

    department: Department
    service_point: ServicePoint | None
    changed_on: date
    you_said_en: str
    we_did_en: str
    you_said_es: str = ""
    we_did_es: str = ""


def _require_head_of(department: Department, by: User) -> None:
    if not has_role(by, Role.DEPARTMENT_HEAD) or not visible_departments(by).filter(pk=department.pk).exists():
        raise PermissionDenied(_("Only a head of this department writes its actions."))


def _require_program_admin(by: User) -> None:
    if not has_role(by, Role.PROGRAM_ADMIN):
        raise PermissionDenied(_("Only a program admin reviews actions."))


def _locked(action: FeedbackAction) -> FeedbackAction:
    return FeedbackAction.objects.select_for_update().get(pk=action.pk)


@transaction.atomic
def save_action(*, action: FeedbackAction | None, text: ActionText, by: User, submit: bool = False) -> FeedbackAction:
    """Record a new draft (action=None) or change a draft or returned action; with `submit`, send it for review
    in the same step."""
    _require_head_of(text.department, by)
    if action is None:
        action = FeedbackAction(created_by=by)
    else:
        action = _locked(action)
        _require_head_of(action.department, by)  # moving an action needs both departments
        if not action.is_editable:
            raise ValidationError(
                _("This action is %(status)s: it can no longer be changed.") % {"status": action.get_status_display()}
            )
    for name, value in vars(text).items():
        setattr(action, name, value.strip() if isinstance(value, str) else value)
    action.updated_by, action.updated_at = by, timezone.now()
    action.full_clean()
    action.save()
    if submit:
        _submit(action, by)
    return action


@transaction.atomic
def submit_action(*, action: FeedbackAction, by: User) -> FeedbackAction:
    action = _locked(action)
    _require_head_of(action.department, by)
    if not action.is_editable:
        raise ValidationError(_("This action has already been sent for review."))
    _submit(action, by)
    return action


def _submit(action: FeedbackAction, by: User) -> None:
    action.status, action.submitted_by = ActionStatus.SUBMITTED, by
    action.save(update_fields=["status", "submitted_by"])
    _record(AuditAction.ACTION_SUBMITTED, action, by)


@transaction.atomic
def publish_action(*, action: FeedbackAction, by: User) -> FeedbackAction:
    """Put the action on /standards/ and in the annual report."""
    action = _review(action, by)
    action.status, action.review_note = ActionStatus.PUBLISHED, ""
    action.save(update_fields=["status", "review_note", "reviewed_at", "reviewed_by"])
    _record(AuditAction.ACTION_PUBLISHED, action, by)
    return action


@transaction.atomic
def return_action(*, action: FeedbackAction, note: str, by: User) -> FeedbackAction:
    """Send the action back to its department with a note saying what to change."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Say what the head should change: the note is what they will read.")})
    action = _review(action, by)
    action.status, action.review_note = ActionStatus.RETURNED, note
    action.save(update_fields=["status", "review_note", "reviewed_at", "reviewed_by"])
    _record(AuditAction.ACTION_RETURNED, action, by, note=note)
    return action


def _review(action: FeedbackAction, by: User) -> FeedbackAction:
    _require_program_admin(by)
    action = _locked(action)
    if action.status != ActionStatus.SUBMITTED:
        raise ValidationError(
            _("Only an action waiting for review can be reviewed; this one is %(status)s.")
            % {"status": action.get_status_display()}
        )
    if action.submitted_by_id == by.pk:
        raise PermissionDenied(_("You submitted this action: another program admin reviews it."))
    action.reviewed_at, action.reviewed_by = timezone.now(), by
    return action


def _record(what: AuditAction, action: FeedbackAction, by: User, **details: str) -> None:
    audit.record(
        what,
        by=by,
        summary=f"{action.department.name}: {action.we_did_en or ''}",
        details={"feedback_action": action.pk, "department": action.department.code, **details},
    )
