"""What the purge would remove today, kind by kind: one selector per kind, used by the real run, the dry run
and the page alike, so a dry run lists exactly what a real run removes.

Each selector returns the rows the purge works through (responses, employees, events ...), oldest first by id,
already without what an active legal hold covers:

- a hold on a survey, a service point or a single response covers its responses (their contact details,
  answers, triage history, and the response itself in the trash) and, for surveys and service points, the
  views of their links;
- a hold on a department covers all of that for responses given in it or any department below it, and the
  training records and evaluations of the people who work there now;
- alerts about a response are held with it; alerts about a standard with the standard's department;
- a department hold also keeps the alert settings of its leavers, the anonymous workshop answers of sessions
  it was invited to, and its unpublished actions taken on feedback (a service point hold those of its point);
- the audit trail is evidence of everything else: while any hold is active none of it is purged;
- staff invitation records are about nobody's case and are never held.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import AuditEvent, Invitation
from evaluations.models import Evaluation
from org.models import Employee
from retention.models import HoldTarget, LegalHold, RecordKind
from retention.schedule import keep_from, keep_from_instant, periods
from surveys.models import (
    Alert,
    AlertSettings,
    Answer,
    LinkViewDay,
    Response,
    ResponseStatus,
    ResponseTheme,
    TriageEvent,
)
from training.models import (
    Attendance,
    Certificate,
    Commitment,
    ModuleCompletion,
    Reflection,
    SessionFeedback,
    WorkshopAnswer,
)
from yousaid.models import ActionStatus, FeedbackAction

# A leaver's signed-in workshop answers are training records like their reflections.
TRAINING_MODELS = (Attendance, ModuleCompletion, Commitment, Reflection, WorkshopAnswer, SessionFeedback, Certificate)


@dataclass
class Holds:
    """The active legal holds, read once per run."""

    survey_ids: set[int] = field(default_factory=set)
    service_point_ids: set[int] = field(default_factory=set)
    department_paths: set[str] = field(default_factory=set)
    response_ids: set[int] = field(default_factory=set)

    @property
    def any(self) -> bool:
        return bool(self.survey_ids or self.service_point_ids or self.department_paths or self.response_ids)

    def covering(self, *, survey: str = "", service_point: str = "", department: str = "", response: str = "") -> Q:
        """A condition matching the rows these holds cover, given each target's path from the row (an empty
        path: that kind of hold does not reach these rows). Matches nothing when no hold applies."""
        conditions = []
        if survey and self.survey_ids:
            conditions.append(Q(**{f"{survey}__in": self.survey_ids}))
        if service_point and self.service_point_ids:
            conditions.append(Q(**{f"{service_point}__in": self.service_point_ids}))
        if department:
            conditions += [Q(**{f"{department}__path__startswith": path}) for path in self.department_paths]
        if response and self.response_ids:
            conditions.append(Q(**{f"{response}__in": self.response_ids}))
        return reduce(or_, conditions) if conditions else Q(pk__in=[])


def active_holds() -> Holds:
    holds = Holds()
    for hold in LegalHold.objects.active().select_related("department"):
        if hold.target == HoldTarget.SURVEY and hold.survey_id:
            holds.survey_ids.add(hold.survey_id)
        elif hold.target == HoldTarget.SERVICE_POINT and hold.service_point_id:
            holds.service_point_ids.add(hold.service_point_id)
        elif hold.target == HoldTarget.DEPARTMENT and hold.department is not None:
            holds.department_paths.add(hold.department.path)
        elif hold.target == HoldTarget.RESPONSE and hold.response_id:
            holds.response_ids.add(hold.response_id)
    return holds


def _response_holds(holds: Holds, prefix: str = "") -> Q:
    return holds.covering(
        survey=f"{prefix}survey",
        service_point=f"{prefix}service_point",
        department=f"{prefix}department",
        response=f"{prefix}pk" if not prefix else f"{prefix}id",
    )


def contact_details_due(*, today: date, period: int, holds: Holds) -> QuerySet[Response]:
    last_event = TriageEvent.objects.filter(response=OuterRef("pk")).order_by("-at").values("at")[:1]
    keep = keep_from_instant(kind=RecordKind.CONTACT_DETAILS, period=period, today=today)
    return (
        Response.objects.exclude(contact_name="", contact_email="", contact_phone="")
        .filter(Q(status=ResponseStatus.RESPONDED) | Q(is_spam=True) | Q(deleted_at__isnull=False))
        .annotate(closed_at=Coalesce(Subquery(last_event), "submitted_at"))
        .filter(closed_at__lt=keep)
        .exclude(_response_holds(holds))
        .order_by("pk")
    )


def answers_due(*, today: date, period: int, holds: Holds) -> QuerySet[Response]:
    keep = keep_from_instant(kind=RecordKind.ANSWERS, period=period, today=today)
    return (
        Response.objects.filter(submitted_at__lt=keep)
        # The theme tags say what the comments were about: they go with them.
        .filter(
            Exists(Answer.objects.filter(response=OuterRef("pk")))
            | Exists(ResponseTheme.objects.filter(response=OuterRef("pk")))
        )
        .exclude(_response_holds(holds))
        .order_by("pk")
    )


def triage_events_due(*, today: date, period: int, holds: Holds) -> QuerySet[TriageEvent]:
    keep = keep_from_instant(kind=RecordKind.TRIAGE_EVENTS, period=period, today=today)
    return TriageEvent.objects.filter(at__lt=keep).exclude(_response_holds(holds, "response__")).order_by("pk")


def link_views_due(*, today: date, period: int, holds: Holds) -> QuerySet[LinkViewDay]:
    keep = keep_from(kind=RecordKind.LINK_VIEWS, period=period, today=today)
    held = holds.covering(
        survey="link__survey", service_point="link__service_point", department="link__service_point__department"
    )
    return LinkViewDay.objects.filter(day__lt=keep).exclude(held).order_by("pk")


def alerts_due(*, today: date, period: int, holds: Holds) -> QuerySet[Alert]:
    keep = keep_from_instant(kind=RecordKind.ALERTS, period=period, today=today)
    sent = Q(sent_at__isnull=False) | Q(digest__sent_at__isnull=False)
    held = _response_holds(holds, "response__") | holds.covering(department="standard__department")
    return Alert.objects.filter(sent, created_at__lt=keep).exclude(held).order_by("pk")


def deleted_responses_due(*, today: date, period: int, holds: Holds) -> QuerySet[Response]:
    keep = keep_from_instant(kind=RecordKind.DELETED_RESPONSES, period=period, today=today)
    return Response.objects.filter(deleted_at__lt=keep).exclude(_response_holds(holds)).order_by("pk")


def invitations_due(*, today: date, period: int, holds: Holds) -> QuerySet[Invitation]:
    keep = keep_from_instant(kind=RecordKind.INVITATIONS, period=period, today=today)
    owed = Invitation.objects.awaiting().values("pk")
    return Invitation.objects.filter(created_at__lt=keep).exclude(pk__in=owed).order_by("pk")


def _leavers(kind: str, *, today: date, period: int, holds: Holds) -> QuerySet[Employee]:
    keep = keep_from(kind=kind, period=period, today=today)
    return (
        Employee.objects.filter(active=False, left_on__lt=keep)
        .exclude(holds.covering(department="department"))
        .order_by("pk")
    )


def training_of_leavers_due(*, today: date, period: int, holds: Holds) -> QuerySet[Employee]:
    has_training = reduce(or_, (Exists(model.objects.filter(employee=OuterRef("pk"))) for model in TRAINING_MODELS))
    return _leavers(RecordKind.TRAINING_OF_LEAVERS, today=today, period=period, holds=holds).filter(has_training)


def evaluations_of_leavers_due(*, today: date, period: int, holds: Holds) -> QuerySet[Employee]:
    return _leavers(RecordKind.EVALUATIONS_OF_LEAVERS, today=today, period=period, holds=holds).filter(
        Exists(Evaluation.objects.filter(employee=OuterRef("pk")))
    )


def alert_settings_of_leavers_due(*, today: date, period: int, holds: Holds) -> QuerySet[Employee]:
    return _leavers(RecordKind.ALERT_SETTINGS_OF_LEAVERS, today=today, period=period, holds=holds).filter(
        Exists(AlertSettings.objects.filter(user=OuterRef("user")))
    )


def anonymous_workshop_answers_due(*, today: date, period: int, holds: Holds) -> QuerySet[WorkshopAnswer]:
    keep = keep_from_instant(kind=RecordKind.ANONYMOUS_WORKSHOP_ANSWERS, period=period, today=today)
    held = holds.covering(department="session__invited_departments")
    return WorkshopAnswer.objects.filter(employee__isnull=True, created_at__lt=keep).exclude(held).order_by("pk")


def unpublished_actions_due(*, today: date, period: int, holds: Holds) -> QuerySet[FeedbackAction]:
    keep = keep_from_instant(kind=RecordKind.UNPUBLISHED_ACTIONS, period=period, today=today)
    held = holds.covering(service_point="service_point", department="department")
    return (
        FeedbackAction.objects.filter(status__in=[ActionStatus.DRAFT, ActionStatus.RETURNED], updated_at__lt=keep)
        .exclude(held)
        .order_by("pk")
    )


def audit_trail_due(*, today: date, period: int, holds: Holds) -> QuerySet[AuditEvent]:
    if holds.any:
        return AuditEvent.objects.none()
    keep = keep_from_instant(kind=RecordKind.AUDIT_TRAIL, period=period, today=today)
    return AuditEvent.objects.filter(at__lt=keep).order_by("pk")


# The order the purge works in. Kinds that only blank or delete parts of a response come before the trash,
# whose deletion takes a response with everything on it: so each count is what that kind itself removed, and
# a dry run's counts are the real run's.
SELECTORS: dict[str, Callable[..., QuerySet[Any]]] = {
    RecordKind.CONTACT_DETAILS: contact_details_due,
    RecordKind.ANSWERS: answers_due,
    RecordKind.TRIAGE_EVENTS: triage_events_due,
    RecordKind.LINK_VIEWS: link_views_due,
    RecordKind.ALERTS: alerts_due,
    RecordKind.DELETED_RESPONSES: deleted_responses_due,
    RecordKind.INVITATIONS: invitations_due,
    RecordKind.TRAINING_OF_LEAVERS: training_of_leavers_due,
    RecordKind.EVALUATIONS_OF_LEAVERS: evaluations_of_leavers_due,
    RecordKind.ALERT_SETTINGS_OF_LEAVERS: alert_settings_of_leavers_due,
    RecordKind.ANONYMOUS_WORKSHOP_ANSWERS: anonymous_workshop_answers_due,
    RecordKind.UNPUBLISHED_ACTIONS: unpublished_actions_due,
    RecordKind.AUDIT_TRAIL: audit_trail_due,
}


def due(kind: str, *, today: date, period: int | None = None, holds: Holds | None = None) -> QuerySet:
    """The rows of one kind past their retention date today and not held."""
    return SELECTORS[kind](
        today=today,
        period=periods()[kind] if period is None else period,
        holds=active_holds() if holds is None else holds,
    )


def due_counts(*, today: date) -> dict[str, int]:
    """What a run today would remove or anonymise, per kind: the dry run."""
    chosen, holds = periods(), active_holds()
    return {
        kind: selector(today=today, period=chosen[kind], holds=holds).count() for kind, selector in SELECTORS.items()
    }
