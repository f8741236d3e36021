"""Report tables filled by the nightly metrics job, the run log and lock, and the figures program admins enter.

Dashboards read only these tables, so their cost does not grow with the number of responses. Every report
table has a unique constraint on its key, which turns a recompute into an upsert.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.models import A11Driver, Channel, StandardMeasure
from org.roles import Role


def check_quarter_start(value) -> None:
    if value and (value.day != 1 or value.month not in (1, 4, 7, 10)):
        raise ValidationError({"quarter": _("Enter the first day of a quarter (1 January, April, July or October).")})


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    # Found dead (SIGKILL, a lost host, an out-of-memory kill) when the next run took its lock over.
    KILLED = "killed", _("Killed")
    SKIPPED = "skipped", _("Skipped: another run held the lock")


class MetricsRunQuerySet(models.QuerySet):
    def succeeded(self):
        return self.filter(status=RunStatus.SUCCEEDED)

    def last_good(self) -> "MetricsRun | None":
        return self.succeeded().order_by("-started_at").first()


class MetricsRun(models.Model):
    """One run of compute_metrics: what it recomputed, how many rows it wrote, and how it ended."""

    started_at = models.DateTimeField(_("started"), db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    full = models.BooleanField(_("full rebuild"), default=False)
    since = models.DateField(_("recomputed from"), null=True, blank=True, help_text=_("Set by --since."))
    days = models.PositiveIntegerField(_("days recomputed"), default=0)
    rows = models.PositiveIntegerField(_("rows written"), default=0)
    error = models.TextField(_("error"), blank=True)
    # Periods the retention purge froze (reports.FrozenPeriod) that this run left as they were, and their rows.
    frozen_periods = models.PositiveIntegerField(_("frozen periods kept"), default=0)
    frozen_rows = models.PositiveIntegerField(_("frozen rows kept"), default=0)

    objects = MetricsRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("metrics run")
        verbose_name_plural = _("metrics runs")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_status_display()}"


class MetricsLock(models.Model):
    """A lease that keeps two metrics runs from overlapping, across processes and machines.

    Taking it is one conditional UPDATE (free, its lease ran out, or it is still the holder we saw dead),
    atomic on PostgreSQL and SQLite alike. The holder's host and process id let a run on the same host take
    over at once from a run killed with SIGKILL; from another host it waits until the lease runs out.
    """

    name = models.CharField(max_length=50, primary_key=True)
    holder = models.CharField(max_length=64, blank=True)
    host = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process id"), null=True, blank=True)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("metrics lock")
        verbose_name_plural = _("metrics locks")

    def __str__(self) -> str:
        return self.name

    def describe(self) -> str:
        """Who holds the lock, since when and until when, in the words an operator needs."""
        run_id = self.holder.partition(":")[0]
        since = timezone.localtime(self.taken_at).strftime("%Y-%m-%d %H:%M %Z") if self.taken_at else "an unknown time"
        until = (
            timezone.localtime(self.expires_at).strftime("%Y-%m-%d %H:%M %Z") if self.expires_at else "an unknown time"
        )
        return (
            f"Metrics run {run_id} holds the lock on host {self.host or 'unknown'} (process {self.pid or 'unknown'}) "
            f"since {since}; its lease runs out at {until}."
        )


class SurveyMetricDay(models.Model):
    """Responses to one survey at one service point on one local calendar day."""

    day = models.DateField(_("day"))
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # survey_metric_dept_day starts with it
    )
    service_point = models.ForeignKey(
        "org.ServicePoint", verbose_name=_("service point"), on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    survey = models.ForeignKey("surveys.Survey", verbose_name=_("survey"), on_delete=models.CASCADE, related_name="+")
    responses = models.PositiveIntegerField(_("responses"), default=0)
    link_views = models.PositiveIntegerField(_("link views"), default=0)
    open_link_views = models.PositiveIntegerField(
        _("views through open links"), default=0, help_text=_("Link views of open links (posters, websites) alone.")
    )
    single_use_links_issued = models.PositiveIntegerField(
        _("single-use links issued"), default=0, help_text=_("Counted on the local day each link was made.")
    )
    follow_ups = models.PositiveIntegerField(_("follow-up requests"), default=0)
    follow_ups_waiting = models.PositiveIntegerField(
        _("follow-ups waiting"), default=0, help_text=_("Requests the department has not yet answered, as of the run.")
    )
    compliments = models.PositiveIntegerField(_("confirmed compliments"), default=0)
    run = models.ForeignKey(MetricsRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    access_department_path = "department"

    class Meta:
        ordering = ["day", "department__path"]
        verbose_name = _("survey metric (day)")
        verbose_name_plural = _("survey metrics (day)")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "department", "service_point", "channel", "survey"], name="survey_metric_day_key"
            )
        ]
        indexes = [models.Index(fields=["department", "day"], name="survey_metric_dept_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.service_point_id} {self.survey_id}"


class SurveyDriverDay(models.Model):
    """The answers on one A-11 driver, with the same key as SurveyMetricDay plus the driver.

    `answers` counts answers that say satisfied or not (thumbs and scales); `scored` those on the 1-5 scale,
    whose mean is score_sum / scored. `score_1` ... `score_5` count the scored answers at each point of the
    scale (the A-11 filing's distribution), so they add up to `scored`.
    """

    day = models.DateField(_("day"))
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # survey_driver_dept_day starts with it
    )
    service_point = models.ForeignKey(
        "org.ServicePoint", verbose_name=_("service point"), on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    survey = models.ForeignKey("surveys.Survey", verbose_name=_("survey"), on_delete=models.CASCADE, related_name="+")
    driver = models.CharField(_("A-11 driver"), max_length=20, choices=A11Driver.choices)
    answers = models.PositiveIntegerField(_("answers"), default=0)
    satisfied = models.PositiveIntegerField(_("satisfied"), default=0)
    scored = models.PositiveIntegerField(_("answers on the 1-5 scale"), default=0)
    score_sum = models.PositiveIntegerField(_("sum of scores"), default=0)
    score_1 = models.PositiveIntegerField(_("answers of 1 (strongly disagree)"), default=0)
    score_2 = models.PositiveIntegerField(_("answers of 2 (disagree)"), default=0)
    score_3 = models.PositiveIntegerField(_("answers of 3 (neutral)"), default=0)
    score_4 = models.PositiveIntegerField(_("answers of 4 (agree)"), default=0)
    score_5 = models.PositiveIntegerField(_("answers of 5 (strongly agree)"), default=0)
    run = models.ForeignKey(MetricsRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    access_department_path = "department"

    class Meta:
        ordering = ["day", "department__path", "driver"]
        verbose_name = _("survey driver metric (day)")
        verbose_name_plural = _("survey driver metrics (day)")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "department", "service_point", "channel", "survey", "driver"],
                name="survey_driver_day_key",
            )
        ]
        indexes = [models.Index(fields=["department", "day"], name="survey_driver_dept_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.service_point_id} {self.survey_id} {self.driver}"


class TrainingMetricMonth(models.Model):
    """Training delivered in one department (its own staff, not its sub-departments) in one calendar month."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), on_delete=models.CASCADE, related_name="+"
    )
    sessions_held = models.PositiveIntegerField(_("sessions held"), default=0)
    attendances = models.PositiveIntegerField(_("attendances"), default=0)
    employees_trained = models.PositiveIntegerField(_("employees trained"), default=0)
    employees_trained_12m = models.PositiveIntegerField(
        _("employees trained in the last 12 months"),
        default=0,
        help_text=_("Distinct people, so coverage can be read from one month."),
    )
    training_hours = models.DecimalField(_("training hours"), max_digits=10, decimal_places=2, default=Decimal("0"))
    headcount = models.PositiveIntegerField(_("headcount"), default=0)
    commitments_made = models.PositiveIntegerField(_("commitments made"), default=0)
    commitments_kept = models.PositiveIntegerField(_("commitments kept"), default=0)
    commitments_overdue = models.PositiveIntegerField(_("commitments overdue"), default=0)
    ambassadors_certified = models.PositiveIntegerField(_("ambassadors certified"), default=0)
    run = models.ForeignKey(MetricsRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    access_department_path = "department"

    class Meta:
        ordering = ["month", "department__path"]
        verbose_name = _("training metric (month)")
        verbose_name_plural = _("training metrics (month)")
        constraints = [models.UniqueConstraint(fields=["month", "department"], name="training_metric_month_key")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.department}"


class EvaluationMetric(models.Model):
    """Evaluations of one cycle for the staff of one department (not its sub-departments)."""

    cycle = models.ForeignKey("evaluations.Cycle", verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), on_delete=models.CASCADE, related_name="+"
    )
    evaluations = models.PositiveIntegerField(_("evaluations"), default=0)
    settled = models.PositiveIntegerField(_("finalised or later"), default=0)
    by_status = models.JSONField(_("by status"), default=dict, help_text=_("Status code -> number of evaluations."))
    by_band = models.JSONField(_("by band"), default=dict, help_text=_("Band name -> number of scored evaluations."))
    scored = models.PositiveIntegerField(_("scored"), default=0)
    score_sum = models.DecimalField(_("sum of scores"), max_digits=10, decimal_places=2, default=Decimal("0"))
    customer_service_scored = models.PositiveIntegerField(_("with a customer-service score"), default=0)
    customer_service_sum = models.DecimalField(
        _("sum of customer-service scores"), max_digits=10, decimal_places=2, default=Decimal("0")
    )
    certified = models.BooleanField(_("certified"), default=False)
    run = models.ForeignKey(MetricsRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    access_department_path = "department"

    class Meta:
        ordering = ["cycle", "department__path"]
        verbose_name = _("evaluation metric")
        verbose_name_plural = _("evaluation metrics")
        constraints = [models.UniqueConstraint(fields=["cycle", "department"], name="evaluation_metric_key")]

    def __str__(self) -> str:
        return f"{self.cycle} {self.department}"


class StandardCompliance(models.Model):
    """How one published standard did in one quarter."""

    quarter = models.DateField(_("quarter"), help_text=_("The first day of the quarter."))
    standard = models.ForeignKey(
        "org.ServiceStandard", verbose_name=_("standard"), on_delete=models.CASCADE, related_name="compliance"
    )
    measured = models.DecimalField(_("measured value"), max_digits=9, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=9, decimal_places=2)
    met = models.BooleanField(_("met"), null=True, help_text=_("Empty when there was nothing to measure."))
    answers = models.PositiveIntegerField(_("answers"), default=0, help_text=_("Survey answers behind the figure."))
    run = models.ForeignKey(MetricsRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    access_department_path = "standard__department"

    class Meta:
        ordering = ["-quarter", "standard__department__path", "standard__order"]
        verbose_name = _("standard compliance")
        verbose_name_plural = _("standard compliance")
        constraints = [models.UniqueConstraint(fields=["quarter", "standard"], name="standard_compliance_key")]

    def __str__(self) -> str:
        return f"{self.quarter} {self.standard}"


class ReportedFigure(models.Model):
    """The quarterly figure of a standard measured outside the surveys (e.g. days to issue a permit)."""

    quarter = models.DateField(_("quarter"), help_text=_("The first day of the quarter."))
    standard = models.ForeignKey(
        "org.ServiceStandard",
        verbose_name=_("standard"),
        on_delete=models.CASCADE,
        related_name="reported_figures",
        limit_choices_to={"measure": StandardMeasure.REPORTED_FIGURE},
    )
    value = models.DecimalField(_("value"), max_digits=9, decimal_places=2)
    note = models.CharField(_("how it was measured"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    access_department_path = "standard__department"
    access_full_roles = (Role.PROGRAM_ADMIN,)

    class Meta:
        ordering = ["-quarter", "standard__department__path"]
        verbose_name = _("reported figure")
        verbose_name_plural = _("reported figures")
        constraints = [models.UniqueConstraint(fields=["quarter", "standard"], name="reported_figure_key")]

    def __str__(self) -> str:
        return f"{self.quarter} {self.standard}: {self.value}"

    def clean(self):
        check_quarter_start(self.quarter)
        if self.standard_id and self.standard.measure != StandardMeasure.REPORTED_FIGURE:
            raise ValidationError(
                {"standard": _("This standard is measured by the surveys, not by an entered figure.")}
            )


class ServedVolume(models.Model):
    """How many customers a service point served in a quarter: the A-11 report's total volume."""

    quarter = models.DateField(_("quarter"), help_text=_("The first day of the quarter."))
    service_point = models.ForeignKey(
        "org.ServicePoint", verbose_name=_("service point"), on_delete=models.CASCADE, related_name="+"
    )
    total_volume = models.PositiveIntegerField(_("customers served"))
    surveys_offered = models.PositiveIntegerField(
        _("surveys offered"),
        null=True,
        blank=True,
        help_text=_(
            "Customers offered a survey, if you counted them. Leave empty to report the single-use links issued "
            "plus the times the form was opened through open links."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    access_department_path = "service_point__department"

    class Meta:
        ordering = ["-quarter", "service_point__department__path", "service_point__name"]
        verbose_name = _("served volume")
        verbose_name_plural = _("served volumes")
        constraints = [models.UniqueConstraint(fields=["quarter", "service_point"], name="served_volume_key")]

    def __str__(self) -> str:
        return f"{self.quarter} {self.service_point}: {self.total_volume}"

    def clean(self):
        check_quarter_start(self.quarter)


class EnhancementArea(models.TextChoices):
    TECHNOLOGY = "technology", _("Technology")
    TRAINING = "training", _("Training")
    LEADERSHIP = "leadership", _("Leadership")
    CUSTOMER_DATA = "customer_data", _("Customer data collection and use")


class InitiativeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    ON_HOLD = "on_hold", _("On hold")


class Initiative(models.Model):
    """One item of a department's customer-service enhancement plan."""

    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), on_delete=models.CASCADE, related_name="initiatives"
    )
    area = models.CharField(_("area"), max_length=20, choices=EnhancementArea.choices)
    description = models.TextField(_("description"))
    owner = models.ForeignKey(
        "org.Employee", verbose_name=_("owner"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_date = models.DateField(_("target date"))
    status = models.CharField(
        _("status"), max_length=10, choices=InitiativeStatus.choices, default=InitiativeStatus.PLANNED
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    access_department_path = "department"

    class Meta:
        ordering = ["department__path", "target_date"]
        verbose_name = _("enhancement initiative")
        verbose_name_plural = _("enhancement initiatives")
        indexes = [models.Index(fields=["department", "status"])]

    def __str__(self) -> str:
        return f"{self.department}: {self.get_area_display()}"


class FrozenTable(models.TextChoices):
    SURVEY_DAY = "survey_day", _("Survey figures of a day")
    TRAINING_MONTH = "training_month", _("Training figures of a month")
    EVALUATION_CYCLE = "evaluation_cycle", _("Evaluation figures of a cycle")
    STANDARD_QUARTER = "standard_quarter", _("Standard compliance of a quarter")


class FrozenPeriod(models.Model):
    """A report period whose source rows the retention purge removed: its report rows stay as last computed.

    The metrics job (incremental and full) never recomputes or deletes the rows of a frozen period, so a figure
    once reported never changes because the data behind it was purged. A period is frozen before its source
    rows go, in the purge's transaction, and is never thawed. `day` is the day, or the first day of the month or
    quarter; `cycle` names an evaluation cycle.
    """

    table = models.CharField(_("report"), max_length=20, choices=FrozenTable.choices)
    day = models.DateField(_("period"), null=True, blank=True)
    cycle = models.ForeignKey(
        "evaluations.Cycle", verbose_name=_("cycle"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    frozen_at = models.DateTimeField(_("frozen at"), default=timezone.now)

    class Meta:
        ordering = ["table", "day"]
        verbose_name = _("frozen report period")
        verbose_name_plural = _("frozen report periods")
        constraints = [
            models.UniqueConstraint(
                fields=["table", "day"], condition=models.Q(cycle__isnull=True), name="frozen_period_day_key"
            ),
            models.UniqueConstraint(
                fields=["table", "cycle"], condition=models.Q(cycle__isnull=False), name="frozen_period_cycle_key"
            ),
            models.CheckConstraint(
                condition=models.Q(day__isnull=True, cycle__isnull=False, table="evaluation_cycle")
                | (models.Q(day__isnull=False, cycle__isnull=True) & ~models.Q(table="evaluation_cycle")),
                name="frozen_period_names_one_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_table_display()} {self.day or self.cycle_id}"
