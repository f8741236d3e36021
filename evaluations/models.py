"""Performance evaluations in which customer service carries real weight, and the merit pay they drive.

An evaluation freezes what it is judged by: the criteria of its template (name, weight, flags, anchors)
are copied into its scores when it is created, so editing a template never rewrites history.
"""

import uuid
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from evaluations.storage import private_storage
from org.models import Department, Employee, JobClass
from org.roles import Role

CENT = Decimal("0.01")
RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
SCORE_VALIDATORS = [MinValueValidator(Decimal("1.00")), MaxValueValidator(Decimal("5.00"))]


def half_up(value: Decimal, places: Decimal = CENT) -> Decimal:
    """The one rounding rule of the app: half-up, at the last step."""
    return value.quantize(places, rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> str:
    """A decimal without trailing zeros and never in exponent form: 30.00 -> "30", 12.50 -> "12.5"."""
    return f"{value.normalize():f}"


def per_language(*fields: str) -> list[str]:
    """The columns django-modeltranslation adds for these fields (evaluations/translation.py). History leaves them
    out: it builds its tables before modeltranslation adds them, and keeps the text as it was read (`name`)."""
    return [f"{field}_{code}" for field in fields for code, _name in settings.LANGUAGES]


class CycleStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Cycle(models.Model):
    """An evaluation period (usually a fiscal year) with its due dates, policy minimum and rating bands."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    self_evaluation_due = models.DateField(_("self-evaluations due"))
    ratings_due = models.DateField(_("ratings due"))
    review_due = models.DateField(_("reviews due"))
    final_due = models.DateField(_("final due"))
    status = models.CharField(_("status"), max_length=10, choices=CycleStatus.choices, default=CycleStatus.PLANNING)
    min_customer_service_weight = models.DecimalField(
        _("minimum customer-service weight (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("30.00"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Policy: the customer-service criteria of a template must weigh at least this much in total."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # A cycle (its name, dates and bands) belongs to the whole agency: every role may see it, and each page's
    # allowed_roles says who may use that page (HR's set-up, heads' certification and calibration).
    access_department_path = None
    access_employee_path = None
    access_full_roles = tuple(Role)

    history = HistoricalRecords(
        excluded_fields=per_language("name")
    )  # who set the rules, and when (HR asks after a dispute)

    if TYPE_CHECKING:  # the columns django-modeltranslation adds (evaluations/translation.py)
        name_en: str | None
        name_es: str | None

    class Meta:
        ordering = ["-fiscal_year", "name"]
        verbose_name = _("evaluation cycle")
        verbose_name_plural = _("evaluation cycles")
        constraints = [
            models.CheckConstraint(condition=Q(period_start__lte=F("period_end")), name="cycle_period_ordered"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("evaluations:cycle_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.period_start and self.period_end and self.period_start > self.period_end:
            errors["period_end"] = _("The period must end after it starts.")
        dues = [self.self_evaluation_due, self.ratings_due, self.review_due, self.final_due]
        if all(dues) and dues != sorted(dues):
            errors["final_due"] = _("Due dates must run in order: self-evaluation, ratings, review, final.")
        if errors:
            raise ValidationError(errors)

    def ordered_bands(self) -> list["RatingBand"]:
        """Lowest band first. Uses prefetched bands when the caller prefetched them."""
        return sorted(self.bands.all(), key=lambda band: band.low)

    def band_for(self, score: Decimal | None, *, critical_failed: bool = False) -> str:
        """The band key (its English name) for a score; a critical criterion rated 1 caps the summary at the
        lowest band."""
        bands = self.ordered_bands()
        if score is None or not bands:
            return ""
        if critical_failed:
            return bands[0].key
        for band in bands:
            if band.low <= score <= band.high:
                return band.key
        return ""

    def low_band_names(self) -> set[str]:
        """The two lowest bands: an evaluation summarised in one of them goes to HR before the head."""
        return {band.key for band in self.ordered_bands()[:2]}

    def band_label(self, key: str) -> str:
        """How a stored band key reads in the active language (English when its Spanish is empty); a key no
        band of the cycle has any more (renamed since) reads as it was stored."""
        for band in self.bands.all():
            if band.key == key:
                return band.name
        return key


class RatingBand(models.Model):
    """A score range with its summary name, e.g. 3.50-4.49 Exceeds."""

    cycle = models.ForeignKey(Cycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="bands")
    name = models.CharField(_("name"), max_length=60)
    low = models.DecimalField(_("from score"), max_digits=4, decimal_places=2, validators=SCORE_VALIDATORS)
    high = models.DecimalField(_("to score"), max_digits=4, decimal_places=2, validators=SCORE_VALIDATORS)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords(
        excluded_fields=per_language("name")
    )  # who set the rules, and when (HR asks after a dispute)

    if TYPE_CHECKING:  # the columns django-modeltranslation adds (evaluations/translation.py)
        name_en: str | None
        name_es: str | None

    class Meta:
        ordering = ["cycle", "low"]
        verbose_name = _("rating band")
        verbose_name_plural = _("rating bands")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "name"], name="band_unique_name"),
            models.CheckConstraint(condition=Q(low__lte=F("high")), name="band_range_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.low}-{self.high})"

    @property
    def key(self) -> str:
        """What evaluations and merit rules store: the English name, whatever language is active (the `name`
        attribute reads the active language's, evaluations/translation.py)."""
        return self.name_en or self.name


class Template(models.Model):
    """A set of weighted criteria. It is used for the employees of its job classes, with its job titles or in its
    departments (the order of the rule: evaluations.services.cycles.choose_template)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    departments = models.ManyToManyField(
        Department,
        verbose_name=_("departments"),
        blank=True,
        related_name="evaluation_templates",
        help_text=_("Used for the employees of these departments and the divisions below them."),
    )
    job_classes = models.ManyToManyField(
        JobClass,
        verbose_name=_("job classes"),
        blank=True,
        related_name="evaluation_templates",
        help_text=_("Used for the employees of these job classes, before any job-title or department match."),
    )
    job_titles = models.TextField(
        _("job titles"),
        blank=True,
        help_text=_("One job title per line. A job-title match wins over a department match."),
    )
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()  # who set the rules, and when (HR asks after a dispute)

    class Meta:
        ordering = ["name"]
        verbose_name = _("evaluation template")
        verbose_name_plural = _("evaluation templates")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("evaluations:template_edit", args=[self.pk])

    def job_title_list(self) -> list[str]:
        return [line.strip().casefold() for line in self.job_titles.splitlines() if line.strip()]


class CriterionContent(models.Model):
    """What a criterion says; shared by a template's criterion and the copy frozen into an evaluation."""

    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
    )
    is_customer_service = models.BooleanField(_("customer-service criterion"), default=False)
    is_critical = models.BooleanField(
        _("critical"), default=False, help_text=_("Rated 1, it caps the summary at the lowest band.")
    )
    anchor_1 = models.TextField(_("1: what it looks like"), blank=True)
    anchor_2 = models.TextField(_("2: what it looks like"), blank=True)
    anchor_3 = models.TextField(_("3: what it looks like"), blank=True)
    anchor_4 = models.TextField(_("4: what it looks like"), blank=True)
    anchor_5 = models.TextField(_("5: what it looks like"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    ANCHOR_FIELDS = ("anchor_1", "anchor_2", "anchor_3", "anchor_4", "anchor_5")
    CONTENT_FIELDS = ("name", "description", "weight", "is_customer_service", "is_critical", *ANCHOR_FIELDS, "order")
    # The texts kept per language (evaluations/translation.py); a copy takes every language's column.
    TRANSLATED_FIELDS = ("name", "description")

    if TYPE_CHECKING:  # the columns django-modeltranslation adds (evaluations/translation.py)
        name_en: str | None
        name_es: str | None
        description_en: str | None
        description_es: str | None

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @classmethod
    def copied_fields(cls) -> tuple[str, ...]:
        """The columns a copy takes: the plain ones, and each language's column of the translated texts (the
        `name` attribute alone would carry only the active language's)."""
        languages = [code for code, _name in settings.LANGUAGES]
        plain = tuple(field for field in cls.CONTENT_FIELDS if field not in cls.TRANSLATED_FIELDS)
        return plain + tuple(f"{field}_{code}" for field in cls.TRANSLATED_FIELDS for code in languages)

    def anchors(self) -> list[tuple[int, str]]:
        return [(level, getattr(self, f"anchor_{level}")) for level in range(1, 6)]


class Criterion(CriterionContent):
    template = models.ForeignKey(
        Template, verbose_name=_("template"), on_delete=models.CASCADE, related_name="criteria"
    )

    history = HistoricalRecords(
        excluded_fields=per_language("name", "description")
    )  # who set the rules, and when (HR asks after a dispute)

    class Meta:
        ordering = ["template", "order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SELF_EVALUATION = "self_evaluation", _("With the employee for self-evaluation")
    RATED = "rated", _("Rated, awaiting review")  # by the head, a head above the evaluator, or HR
    HR_REVIEW = "hr_review", _("Below expectations, with HR")
    REVIEWED = "reviewed", _("Reviewed")
    FINALISED = "finalised", _("Finalised by HR")
    RELEASED = "released", _("Released to the employee")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged by the employee")


# Statuses in which the outcome is settled: these count for certification and pay.
SETTLED_STATUSES = (EvaluationStatus.FINALISED, EvaluationStatus.RELEASED, EvaluationStatus.ACKNOWLEDGED)
VISIBLE_TO_EMPLOYEE = (EvaluationStatus.RELEASED, EvaluationStatus.ACKNOWLEDGED)
# What an employee may open of their own: released results, and the form while they self-evaluate.
EMPLOYEE_VISIBLE_STATUSES = (EvaluationStatus.SELF_EVALUATION, *VISIBLE_TO_EMPLOYEE)


class EvaluationQuerySet(models.QuerySet):
    def settled(self):
        return self.filter(status__in=SETTLED_STATUSES)

    def in_subtree(self, department: Department):
        return self.filter(department__path__startswith=department.path)

    def released_to(self, employee: Employee):
        return self.filter(employee=employee, status__in=VISIBLE_TO_EMPLOYEE)


class Evaluation(models.Model):
    cycle = models.ForeignKey(Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="evaluations")
    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="evaluations"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="evaluations",
        help_text=_("The employee's department when the evaluation was created."),
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    job_class = models.ForeignKey(
        JobClass,
        verbose_name=_("job class"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluations",
        help_text=_("The employee's job class when the evaluation was created: its duties are what they are rated on."),
    )
    evaluator = models.ForeignKey(
        Employee,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations_to_rate",
    )
    template = models.ForeignKey(
        Template,
        verbose_name=_("template"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluations",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT, db_index=True
    )
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=2, null=True, blank=True)
    customer_service_score = models.DecimalField(
        _("customer-service score"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    band = models.CharField(_("band"), max_length=60, blank=True)
    went_to_hr = models.BooleanField(_("went to HR before review"), default=False)
    self_assessment = models.TextField(_("employee's self-assessment"), blank=True)
    evaluator_comment = models.TextField(_("evaluator's comment"), blank=True)
    reviewer_comment = models.TextField(_("department head's comment"), blank=True)
    hr_comment = models.TextField(_("HR comment"), blank=True)
    employee_comment = models.TextField(_("employee's comment"), blank=True)
    self_submitted_at = models.DateTimeField(_("self-evaluation submitted"), null=True, blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords()
    objects = EvaluationQuerySet.as_manager()

    access_department_path = "department"
    access_employee_path = "employee"

    class Meta:
        ordering = ["cycle", "department__path", "employee__last_name", "employee__first_name"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "employee"], name="evaluation_one_per_cycle"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5), name="evaluation_score_in_scale"
            ),
        ]
        indexes = [models.Index(fields=["cycle", "status"], name="evaluation_cycle_status")]

    def __str__(self) -> str:
        return f"{self.employee} · {self.cycle}"

    def get_absolute_url(self) -> str:
        return reverse("evaluations:evaluation_detail", args=[self.pk])

    def band_label(self) -> str:
        """The summary rating in the reader's language (the band is stored by its English key)."""
        return self.cycle.band_label(self.band) if self.band else ""

    def due_date(self) -> date | None:
        """The date the current step is due, counted from the cycle's calendar."""
        due: dict[str, date] = {
            EvaluationStatus.DRAFT: self.cycle.ratings_due,
            EvaluationStatus.SELF_EVALUATION: self.cycle.self_evaluation_due,
            EvaluationStatus.RATED: self.cycle.review_due,
            EvaluationStatus.HR_REVIEW: self.cycle.review_due,
            EvaluationStatus.REVIEWED: self.cycle.final_due,
        }
        return due.get(self.status)


class EvaluationScore(CriterionContent):
    """One criterion of one evaluation, copied from the template, with its initial and final ratings."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    self_rating = models.PositiveSmallIntegerField(
        _("self-rating"), null=True, blank=True, validators=RATING_VALIDATORS
    )
    initial_rating = models.PositiveSmallIntegerField(
        _("initial rating"), null=True, blank=True, validators=RATING_VALIDATORS
    )
    final_rating = models.PositiveSmallIntegerField(
        _("final rating"), null=True, blank=True, validators=RATING_VALIDATORS
    )
    rater_comment = models.TextField(_("evaluator's note"), blank=True)
    change_reason = models.TextField(_("reason for the change"), blank=True)

    history = HistoricalRecords(excluded_fields=per_language("name", "description"))

    access_department_path = "evaluation__department"
    access_employee_path = "evaluation__employee"

    class Meta:
        ordering = ["evaluation", "order", "pk"]
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.CheckConstraint(
                condition=Q(initial_rating__isnull=True) | Q(initial_rating__gte=1, initial_rating__lte=5),
                name="score_initial_in_scale",
            ),
            models.CheckConstraint(
                condition=Q(final_rating__isnull=True) | Q(final_rating__gte=1, final_rating__lte=5),
                name="score_final_in_scale",
            ),
        ]

    @property
    def was_changed(self) -> bool:
        return self.initial_rating is not None and self.final_rating != self.initial_rating


class SignerRole(models.TextChoices):
    DEPARTMENT_HEAD = "department_head", _("Department head")
    ELECTED_OFFICIAL = "elected_official", _("Elected official")


CERTIFICATION_STATEMENT = _(
    "I certify that every merit and incentive award for the employees of {department} in {cycle} rests on "
    "performance evaluations in which customer service carries at least {weight} % of the weight, and that "
    "each of those evaluations was completed and finalised."
)


class CertificationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


def certification_upload_to(certification: "Certification", filename: str) -> str:
    """Signed statements are filed by cycle under a random name: the name a person gave the file never
    becomes a path, and one document's name tells nothing about another's."""
    suffix = Path(filename).suffix.lower()
    return f"certifications/{certification.cycle_id}/{uuid.uuid4().hex}{suffix}"


class Certification(models.Model):
    """A signed statement that a department's awards rest on customer-service-weighted evaluations.

    It covers the department and every division below it: a department head's covers the awards of the staff
    there, never the award of anyone who heads a department (their own included); an elected official's covers
    those. It is withdrawn (never deleted) when one of those evaluations is reopened.

    A statement signed on paper is recorded by HR (`on_paper`), with the signer's name, office, the date it was
    signed and the scanned document, kept in private storage and served only through an access-checked page.
    """

    cycle = models.ForeignKey(Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="certifications")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="certifications"
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(_("signer's name"), max_length=200)
    signer_role = models.CharField(_("signer's role"), max_length=20, choices=SignerRole.choices)
    signer_office = models.CharField(
        _("signer's office"), max_length=200, blank=True, help_text=_("For example: County Commissioner, District 3.")
    )
    on_paper = models.BooleanField(
        _("recorded from paper"), default=False, help_text=_("Signed on paper and recorded by HR staff.")
    )
    signed_on = models.DateField(_("date signed"), null=True, blank=True)
    document = models.FileField(
        _("signed document"), upload_to=certification_upload_to, storage=private_storage, blank=True, max_length=200
    )
    statement = models.TextField(_("statement as shown"))
    signed_at = models.DateTimeField(_("signed or recorded"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("why it was withdrawn"), blank=True)

    history = HistoricalRecords()
    objects = CertificationQuerySet.as_manager()

    access_department_path = "department"
    access_employee_path = None

    class Meta:
        ordering = ["cycle", "department__path", "-signed_at"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "department", "signer_role"],
                condition=Q(withdrawn_at__isnull=True),
                name="certification_one_active_per_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department} · {self.cycle} · {self.get_signer_role_display()}"


class MeritKind(models.TextChoices):
    STEPS = "steps", _("Merit steps by band")
    MATRIX = "matrix", _("Merit matrix: band x compa-ratio zone")


class LumpSumKind(models.TextChoices):
    NONE = "none", _("No performance payment")
    BAND = "band", _("Performance payment by band")
    MATRIX = "matrix", _("Performance payment matrix: band x compa-ratio zone")


class LumpSumBasis(models.TextChoices):
    PERCENT = "percent", _("Percentage of salary")
    FLAT = "flat", _("Flat amount")


class PayPlan(models.Model):
    """How a cycle's results become pay: across-the-board, merit, lump sums at the range maximum, lump-sum
    performance payments, a cap and a budget pool."""

    cycle = models.OneToOneField(Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="pay_plan")
    atb_percent = models.DecimalField(
        _("across-the-board increase (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    atb_minimum_score = models.DecimalField(
        _("across-the-board only at or above score"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
        help_text=_("Leave empty to give it to everyone with a finalised evaluation."),
    )
    merit_kind = models.CharField(_("merit"), max_length=10, choices=MeritKind.choices, default=MeritKind.STEPS)
    step_percent = models.DecimalField(
        _("step size (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("2.50"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    zone_low = models.DecimalField(
        _("compa-ratio: lower zone below"), max_digits=4, decimal_places=3, default=Decimal("0.900")
    )
    zone_high = models.DecimalField(
        _("compa-ratio: upper zone above"), max_digits=4, decimal_places=3, default=Decimal("1.100")
    )
    lump_sum_kind = models.CharField(
        _("lump-sum performance payment"), max_length=10, choices=LumpSumKind.choices, default=LumpSumKind.NONE
    )
    lump_sum_basis = models.CharField(
        _("performance payment as"), max_length=10, choices=LumpSumBasis.choices, default=LumpSumBasis.PERCENT
    )
    cap_percent = models.DecimalField(
        _("yearly cap (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The most one person's increase and lump sums together may reach, as a share of salary."),
    )
    budget_pool = models.DecimalField(
        _("budget pool"), max_digits=14, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved by HR"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()  # who set the rules, and when (HR asks after a dispute)

    class Meta:
        verbose_name = _("pay plan")
        verbose_name_plural = _("pay plans")
        constraints = [models.CheckConstraint(condition=Q(zone_low__lte=F("zone_high")), name="pay_plan_zones_ordered")]

    def __str__(self) -> str:
        return str(_("Pay plan, %(cycle)s") % {"cycle": self.cycle})

    def get_absolute_url(self) -> str:
        return reverse("evaluations:pay_plan", args=[self.cycle_id])


LUMP_SUM_VALIDATORS = [MinValueValidator(0)]


class MeritRule(models.Model):
    """For one band: the merit steps (step plans) or the percentage per compa-ratio zone (matrix plans), and
    the lump-sum performance payment: one value for the band, or one per compa-ratio zone (a percentage of
    salary or a flat amount, as the plan says)."""

    plan = models.ForeignKey(PayPlan, verbose_name=_("pay plan"), on_delete=models.CASCADE, related_name="rules")
    band = models.CharField(_("band"), max_length=60)
    steps = models.PositiveSmallIntegerField(_("steps"), default=0)
    below_zone_percent = models.DecimalField(
        _("% below the zone"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    in_zone_percent = models.DecimalField(_("% in the zone"), max_digits=5, decimal_places=2, default=Decimal("0"))
    above_zone_percent = models.DecimalField(
        _("% above the zone"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    lump_sum = models.DecimalField(
        _("performance payment"), max_digits=12, decimal_places=2, default=Decimal("0"), validators=LUMP_SUM_VALIDATORS
    )
    lump_sum_below_zone = models.DecimalField(
        _("performance payment below the zone"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=LUMP_SUM_VALIDATORS,
    )
    lump_sum_in_zone = models.DecimalField(
        _("performance payment in the zone"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=LUMP_SUM_VALIDATORS,
    )
    lump_sum_above_zone = models.DecimalField(
        _("performance payment above the zone"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=LUMP_SUM_VALIDATORS,
    )

    LUMP_SUM_FIELDS = ("lump_sum", "lump_sum_below_zone", "lump_sum_in_zone", "lump_sum_above_zone")

    history = HistoricalRecords()  # who set the rules, and when (HR asks after a dispute)

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name = _("merit rule")
        verbose_name_plural = _("merit rules")
        constraints = [models.UniqueConstraint(fields=["plan", "band"], name="merit_rule_one_per_band")]

    def __str__(self) -> str:
        return self.band


class Award(models.Model):
    """What one employee gets from a pay plan. Amounts are rounded half-up to cents at the last step."""

    plan = models.ForeignKey(PayPlan, verbose_name=_("pay plan"), on_delete=models.CASCADE, related_name="awards")
    employee = models.ForeignKey(Employee, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="awards")
    evaluation = models.OneToOneField(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="award"
    )
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+")
    salary_before = models.DecimalField(_("salary before"), max_digits=12, decimal_places=2)
    compa_ratio = models.DecimalField(_("compa-ratio"), max_digits=6, decimal_places=3, null=True, blank=True)
    atb_percent = models.DecimalField(_("ATB %"), max_digits=5, decimal_places=2, default=Decimal("0"))
    merit_percent = models.DecimalField(_("merit %"), max_digits=5, decimal_places=2, default=Decimal("0"))
    atb_amount = models.DecimalField(_("ATB amount"), max_digits=12, decimal_places=2, default=Decimal("0"))
    merit_amount = models.DecimalField(_("merit amount"), max_digits=12, decimal_places=2, default=Decimal("0"))
    lump_sum = models.DecimalField(
        _("lump sum at the range maximum"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    performance_payment = models.DecimalField(
        _("performance payment"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    certified_by = models.CharField(
        _("certified by"),
        max_length=20,
        choices=SignerRole.choices,
        default=SignerRole.DEPARTMENT_HEAD,
        help_text=_("Staff awards are certified by their department head; a department head's by an elected official."),
    )
    new_salary = models.DecimalField(_("new salary"), max_digits=12, decimal_places=2)
    capped = models.BooleanField(_("capped"), default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)

    history = HistoricalRecords()

    access_department_path = "department"
    access_employee_path = "employee"

    class Meta:
        ordering = ["plan", "department__path", "employee__last_name"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [models.UniqueConstraint(fields=["plan", "employee"], name="award_one_per_employee")]

    def __str__(self) -> str:
        return f"{self.employee} · {self.plan}"
