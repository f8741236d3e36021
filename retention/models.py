"""The retention schedule, legal holds and the log of purge runs.

The schedule itself (which kinds of record exist, from when each is counted, the default period and what the
purge does) is written once in retention/schedule.py; a RetentionPeriod row is a program admin's change of one
kind's period. A legal hold names one survey, service point, department (with everything below it) or response;
while it is active the purge leaves everything under it alone.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.roles import Role


class RecordKind(models.TextChoices):
    CONTACT_DETAILS = "contact_details", _("Residents' contact details")
    ANSWERS = "answers", _("Answers and comments of responses")
    TRIAGE_EVENTS = "triage_events", _("Triage history of responses")
    LINK_VIEWS = "link_views", _("Survey link views")
    ALERTS = "alerts", _("Alerts emailed to staff")
    DELETED_RESPONSES = "deleted_responses", _("Deleted responses (the trash)")
    INVITATIONS = "invitations", _("Staff invitation records")
    TRAINING_OF_LEAVERS = "training_of_leavers", _("Training records of people who left")
    EVALUATIONS_OF_LEAVERS = "evaluations_of_leavers", _("Evaluations of people who left")
    ALERT_SETTINGS_OF_LEAVERS = "alert_settings_of_leavers", _("Alert settings of people who left")
    ANONYMOUS_WORKSHOP_ANSWERS = "anonymous_workshop_answers", _("Anonymous workshop answers")
    UNPUBLISHED_ACTIONS = "unpublished_actions", _("Unpublished actions taken on feedback")
    AUDIT_TRAIL = "audit_trail", _("Audit trail")


class RetentionPeriod(models.Model):
    """A program admin's period for one kind of record, replacing the default in retention/schedule.py."""

    kind = models.CharField(_("kind of record"), max_length=30, choices=RecordKind.choices, unique=True)
    period = models.PositiveSmallIntegerField(_("period"))
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        constraints = [models.CheckConstraint(condition=Q(period__gte=1), name="retention_period_at_least_one")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.period}"


class HoldTarget(models.TextChoices):
    SURVEY = "survey", _("Survey")
    SERVICE_POINT = "service_point", _("Service point")
    DEPARTMENT = "department", _("Department and everything below it")
    RESPONSE = "response", _("A single response")


class LegalHoldQuerySet(models.QuerySet["LegalHold"]):
    def active(self) -> "LegalHoldQuerySet":
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    """Records kept past their retention date because of litigation, an audit or a records request.

    Exactly one target is set. If the target itself goes (a response purged after the hold was lifted), the
    hold keeps `target_label`, written when it was placed, so the list still says what it covered.
    """

    target = models.CharField(_("what is held"), max_length=20, choices=HoldTarget.choices)
    survey = models.ForeignKey(
        "surveys.Survey", verbose_name=_("survey"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    service_point = models.ForeignKey(
        "org.ServicePoint",
        verbose_name=_("service point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    response = models.ForeignKey(
        "surveys.Response",
        verbose_name=_("response"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    target_label = models.CharField(_("held records"), max_length=300)
    reason = models.TextField(_("reason"), max_length=2000)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("placed by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    placed_at = models.DateTimeField(_("placed at"), default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lifted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)

    objects = LegalHoldQuerySet.as_manager()

    # org.access: holds are program admins' business; they concern no one department.
    access_department_path = None
    access_full_roles = (Role.PROGRAM_ADMIN,)

    class Meta:
        ordering = ["-placed_at", "-pk"]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        indexes = [models.Index(fields=["lifted_at"], name="legal_hold_lifted")]

    def __str__(self) -> str:
        return self.target_label

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class PurgeStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped: the report tables were busy")


class PurgeRun(models.Model):
    """One run of the purge: when, whether it only counted (dry run), who started it, and how many records of
    each kind it removed or anonymised. Counts only: never what the records said."""

    started_at = models.DateTimeField(_("started"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PurgeStatus.choices, default=PurgeStatus.RUNNING)
    dry_run = models.BooleanField(_("dry run"), default=False)
    # Empty when Celery beat started it.
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    trigger = models.CharField(_("started from"), max_length=20, default="beat")
    counts = models.JSONField(_("records per kind"), default=dict, blank=True)
    periods_frozen = models.PositiveIntegerField(_("report periods frozen"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("purge run")
        verbose_name_plural = _("purge runs")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_status_display()}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())
