"""Reads of 'you said, we did' actions for the staff pages, the home page, /standards/ and the annual report."""

from datetime import date

from django.contrib.auth.models import User
from django.db.models import QuerySet

from accounts.models import AuditAction, AuditEvent
from org.access import has_role, scope
from org.models import Department
from org.roles import Role
from yousaid.models import ActionStatus, FeedbackAction

WORKFLOW_EVENTS = (AuditAction.ACTION_SUBMITTED, AuditAction.ACTION_PUBLISHED, AuditAction.ACTION_RETURNED)


def published_actions() -> QuerySet[FeedbackAction]:
    """What the public reads, newest change first, with the service point each names."""
    actions: QuerySet[FeedbackAction] = FeedbackAction.objects.published().select_related("service_point")
    return actions.order_by("-changed_on", "-pk")


def published_in(*, root: Department, start: date, end: date) -> QuerySet[FeedbackAction]:
    """The published actions of a department's subtree that took effect between two days (the annual report)."""
    return (
        published_actions()
        .filter(department__path__startswith=root.path, changed_on__range=(start, end))
        .select_related("department")
    )


def waiting_for_review_count(user: User) -> int | None:
    """How many actions wait for a program admin's review (None for anyone who does not review)."""
    if not has_role(user, Role.PROGRAM_ADMIN):
        return None
    return int(FeedbackAction.objects.waiting_for_review().count())


def returned_count(user: User) -> int:
    """How many actions of a head's departments came back from review and wait for them."""
    return scope(FeedbackAction.objects.filter(status=ActionStatus.RETURNED), user).count()


def action_history(action: FeedbackAction) -> QuerySet[AuditEvent]:
    """The action's steps as the audit trail keeps them, newest first."""
    return AuditEvent.objects.filter(action__in=WORKFLOW_EVENTS, details__feedback_action=action.pk).select_related(
        "actor__employee"
    )
