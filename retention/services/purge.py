"""The purge: removing or anonymising what has passed its retention date, kind by kind, in batches.

The rules:

- What goes is exactly what the selectors in retention/selectors.py list, so a dry run (which only counts them)
  lists what a real run removes. Legal holds are applied there.
- Contact details are blanked rather than the response deleted: the response still counts in the reports as
  a follow-up request. Answers are deleted and the response kept: its date, place, channel and status are
  what the reports count; the theme tags of its comments go with them. Everything else is deleted (link views are counts with no person in them, but they
  are only needed for figures that are frozen by then).
- Before source rows that feed the report tables go, the report periods they feed are frozen
  (reports.services.freeze.freeze_periods) in the same transaction, so reported figures never change.
  Blanking contact details changes no figure, freezes nothing and leaves `updated_at` alone, so the metrics
  job does not even look at those days again.
- Each batch (PURGE_BATCH_SIZE rows, taken by id) is its own transaction: memory stays bounded, a run killed
  half way keeps what it did, and the next run carries on, since the selectors only find what is still there.
- A run holds the metrics job's lock, so the metrics job never reads a period between its freezing and the
  removal of its rows, and two purges never overlap. If the lock is taken the run is logged as skipped.
- The run log (PurgeRun) and the audit trail get counts per kind, never what the records said.
"""

import logging
import traceback
import uuid
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record
from accounts.models import AuditAction, AuditEvent, Invitation
from evaluations.models import Award, Evaluation, EvaluationScore
from reports.periods import months_between
from reports.services.freeze import freeze_periods
from reports.services.runs import acquire_lock, release_lock, renew_lock
from reports.services.survey_metrics import local_day_of, local_zone
from retention.models import PurgeRun, PurgeStatus, RecordKind
from retention.schedule import periods
from retention.selectors import SELECTORS, TRAINING_MODELS, active_holds
from serviceculture.dates import add_months, local_today
from surveys.models import Alert, AlertDigest, AlertSettings, Answer, LinkViewDay, Response, ResponseTheme, TriageEvent
from training.models import Attendance, Certificate, Commitment, ModuleCompletion, WorkshopAnswer
from yousaid.models import FeedbackAction

log = logging.getLogger(__name__)


# --- what each kind does to a batch of ids; each returns (records, report periods newly frozen) -----------


def _deleting(model) -> Callable[[list[int]], tuple[int, int]]:
    """The remover of a kind whose rows simply go, feeding no report table."""

    def delete(ids: list[int]) -> tuple[int, int]:
        return model.objects.filter(pk__in=ids).delete()[1].get(model._meta.label, 0), 0

    return delete


def _blank_contact_details(ids: list[int]) -> tuple[int, int]:
    return Response.objects.filter(pk__in=ids).update(contact_name="", contact_email="", contact_phone=""), 0


def _survey_days_of_responses(ids: list[int]) -> set[date]:
    return set(
        Response.objects.filter(pk__in=ids)
        .annotate(day=local_day_of("submitted_at"))
        .values_list("day", flat=True)
        .distinct()
        .order_by()
    )


def _delete_answers(ids: list[int]) -> tuple[int, int]:
    frozen = freeze_periods(survey_days=_survey_days_of_responses(ids))
    Answer.objects.filter(response_id__in=ids).delete()
    ResponseTheme.objects.filter(response_id__in=ids).delete()
    return len(ids), frozen


def _delete_link_views(ids: list[int]) -> tuple[int, int]:
    views = LinkViewDay.objects.filter(pk__in=ids)
    frozen = freeze_periods(survey_days=set(views.values_list("day", flat=True).distinct().order_by()))
    return views.delete()[1].get(LinkViewDay._meta.label, 0), frozen


def _delete_alerts(ids: list[int]) -> tuple[int, int]:
    digest_ids = set(Alert.objects.filter(pk__in=ids, digest__isnull=False).values_list("digest_id", flat=True))
    removed = _deleting(Alert)(ids)
    AlertDigest.objects.filter(pk__in=digest_ids, alerts__isnull=True).delete()
    return removed


def _local_months(queryset, field: str) -> set[date]:
    tzinfo = local_zone() if field.endswith("_at") else None
    values = queryset.annotate(month=TruncMonth(field, tzinfo=tzinfo)).values_list("month", flat=True).distinct()
    return {value.date() if hasattr(value, "hour") else value for value in values.order_by() if value is not None}


def _training_months(employee_ids: list[int]) -> set[date]:
    """The months of the training table these people's records feed. A completion counts in the 12-month
    figure of its month and the eleven after it."""
    mine = Q(employee_id__in=employee_ids)
    completions = _local_months(ModuleCompletion.objects.filter(mine), "completed_on")
    months = {month for first in completions for month in months_between(first, add_months(first, 11))}
    months |= _local_months(Attendance.objects.filter(mine), "session__starts_at")
    months |= _local_months(Commitment.objects.filter(mine), "created_at")
    months |= _local_months(Commitment.objects.filter(mine), "follow_up_on")
    months |= _local_months(Certificate.objects.filter(mine), "issued_on")
    return months


def _delete_training(ids: list[int]) -> tuple[int, int]:
    frozen = freeze_periods(training_months=_training_months(ids))
    for model in TRAINING_MODELS:
        model.objects.filter(employee_id__in=ids).delete()
    return len(ids), frozen


def _delete_evaluations(ids: list[int]) -> tuple[int, int]:
    evaluations = Evaluation.objects.filter(employee_id__in=ids)
    evaluation_ids = list(evaluations.values_list("pk", flat=True))
    frozen = freeze_periods(cycle_ids=set(evaluations.values_list("cycle_id", flat=True).distinct().order_by()))
    Award.objects.filter(evaluation_id__in=evaluation_ids).delete()
    evaluations.delete()
    # django-simple-history keeps a copy of every version, and one more of the deletion: those go too.
    Award.history.model.objects.filter(evaluation_id__in=evaluation_ids).delete()
    EvaluationScore.history.model.objects.filter(evaluation_id__in=evaluation_ids).delete()
    Evaluation.history.model.objects.filter(id__in=evaluation_ids).delete()
    return len(ids), frozen


def _delete_alert_settings(ids: list[int]) -> tuple[int, int]:
    AlertSettings.objects.filter(user__employee__in=ids).delete()
    return len(ids), 0


REMOVERS: dict[str, Callable[[list[int]], tuple[int, int]]] = {
    RecordKind.CONTACT_DETAILS: _blank_contact_details,
    RecordKind.ANSWERS: _delete_answers,
    RecordKind.TRIAGE_EVENTS: _deleting(TriageEvent),
    RecordKind.LINK_VIEWS: _delete_link_views,
    RecordKind.ALERTS: _delete_alerts,
    # Deleted responses count nowhere (Response.objects.reportable()): no report period depends on them.
    RecordKind.DELETED_RESPONSES: _deleting(Response),
    RecordKind.INVITATIONS: _deleting(Invitation),
    RecordKind.TRAINING_OF_LEAVERS: _delete_training,
    RecordKind.EVALUATIONS_OF_LEAVERS: _delete_evaluations,
    RecordKind.ALERT_SETTINGS_OF_LEAVERS: _delete_alert_settings,
    RecordKind.ANONYMOUS_WORKSHOP_ANSWERS: _deleting(WorkshopAnswer),
    # Only actions never published: no public page nor report shows them.
    RecordKind.UNPUBLISHED_ACTIONS: _deleting(FeedbackAction),
    RecordKind.AUDIT_TRAIL: _deleting(AuditEvent),
}


# --- the run ---------------------------------------------------------------------------------------------


def purge_records(
    *, dry_run: bool = False, by: User | None = None, trigger: str = "beat", today: date | None = None
) -> PurgeRun:
    """Remove or anonymise every record past its retention date today (the local day, unless `today` is
    given); with `dry_run`, only count them. `by` is the person who started it (None for Celery beat).

    Returns the logged run, whose `counts` hold the records per kind.
    """
    today = today or local_today()
    run = PurgeRun.objects.create(dry_run=dry_run, started_by=by, trigger=trigger)
    chosen, holds = periods(), active_holds()
    if dry_run:
        run.counts = {
            kind: select(today=today, period=chosen[kind], holds=holds).count() for kind, select in SELECTORS.items()
        }
        return _finish(run, PurgeStatus.SUCCEEDED)
    holder = f"purge-{run.pk}:{uuid.uuid4().hex}"
    if not acquire_lock(holder):
        run.error = "The metrics job held the report tables' lock; the purge will try again next night."
        return _finish(run, PurgeStatus.SKIPPED)
    _mark_abandoned_runs(run)
    try:
        for kind, select in SELECTORS.items():
            run.counts[kind] = 0
            queryset = select(today=today, period=chosen[kind], holds=holds)
            while ids := list(queryset.values_list("pk", flat=True)[: settings.PURGE_BATCH_SIZE]):
                with transaction.atomic():
                    removed, frozen = REMOVERS[kind](ids)
                run.counts[kind] += removed
                run.periods_frozen += frozen
                PurgeRun.objects.filter(pk=run.pk).update(counts=run.counts, periods_frozen=run.periods_frozen)
                renew_lock(holder)
    except Exception:
        run.error = traceback.format_exc()
        _finish(run, PurgeStatus.FAILED)
        raise
    finally:
        release_lock(holder)
    return _finish(run, PurgeStatus.SUCCEEDED)


def _mark_abandoned_runs(run: PurgeRun) -> None:
    """Runs still "running" while this one holds the lock died without logging their end."""
    PurgeRun.objects.filter(status=PurgeStatus.RUNNING, dry_run=False).exclude(pk=run.pk).update(
        status=PurgeStatus.FAILED,
        finished_at=timezone.now(),
        error="The run stopped without logging its end (its worker died); a later run carried on.",
    )


def _finish(run: PurgeRun, status: str) -> PurgeRun:
    run.status, run.finished_at = status, timezone.now()
    run.save(update_fields=["status", "finished_at", "counts", "periods_frozen", "error"])
    log.info(
        "purge run %s %s%s: %s; %s report periods frozen",
        run.pk,
        status,
        " (dry run)" if run.dry_run else "",
        ", ".join(f"{kind} {count}" for kind, count in run.counts.items()) or "nothing counted",
        run.periods_frozen,
    )
    if status == PurgeStatus.SUCCEEDED and not run.dry_run and run.total:
        record(
            AuditAction.RECORDS_PURGED,
            by=run.started_by,
            summary=_("Purge run %(run)s: %(total)s records past their retention dates")
            % {"run": run.pk, "total": run.total},
            details={"run": run.pk, "counts": run.counts, "periods_frozen": run.periods_frozen},
        )
    return run
