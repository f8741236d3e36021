"""The government itself: its department tree, its people, where it serves, what it promises."""

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Length, Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from org.roles import Role


class Channel(models.TextChoices):
    COUNTER = "counter", _("In person at a counter")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    WEB = "web", _("Website")
    FIELD = "field", _("Field visit")
    MAIL = "mail", _("Mail")
    CHAT = "chat", _("Chat")


class A11Driver(models.TextChoices):
    """The drivers of the federal A-11 customer-experience survey (OMB Circular A-11, section 280)."""

    SATISFACTION = "satisfaction", _("Satisfaction")
    TRUST = "trust", _("Trust / confidence")
    EFFECTIVENESS = "effectiveness", _("Effectiveness")
    EASE = "ease", _("Ease")
    EFFICIENCY = "efficiency", _("Efficiency")
    EQUITY = "equity", _("Equity / transparency")
    EMPLOYEE = "employee", _("Employee helpfulness")


class DepartmentQuerySet(models.QuerySet["Department"]):
    def active(self) -> "DepartmentQuerySet":
        return self.filter(active=True)

    def subtree(self, department: "Department") -> "DepartmentQuerySet":
        """The department and everything below it, at any depth."""
        return self.filter(path__startswith=department.path)

    def subtrees(self, departments) -> "DepartmentQuerySet":
        """Every department at or below any of the given ones."""
        paths = [department.path for department in departments]
        if not paths:
            return self.none()
        condition = Q()
        for path in paths:
            condition |= Q(path__startswith=path)
        return self.filter(condition)


class Department(models.Model):
    """A node of the government's tree (county > department > division ...).

    `path` holds the zero-padded ids from the root down ("/0000001/0000004/"), so a whole subtree is one indexed
    prefix query. It is kept by save(); nothing else writes it.
    """

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("A short unique code, e.g. PW-ROADS."))
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    head = models.ForeignKey(
        "org.Employee",
        verbose_name=_("department head"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_departments",
    )
    customer_relations_rep = models.ForeignKey(
        "org.Employee",
        verbose_name=_("customer relations representative"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="represented_departments",
        help_text=_("The person residents can reach about the service they got; named on the public standards page."),
    )
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    email = models.EmailField(_("public email"), blank=True)
    address = models.TextField(_("public address"), blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = DepartmentQuerySet.as_manager()

    access_department_path = ""  # org.access: a department is its own scope

    if TYPE_CHECKING:  # the columns django-modeltranslation adds (org/translation.py)
        name_en: str | None
        name_es: str | None
        opening_hours_en: str | None
        opening_hours_es: str | None

    class Meta:
        ordering = ["path"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            if self.pk is None:
                super().save(*args, **kwargs)
                kwargs = {}
            self._place_in_tree()
            super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("org:department_detail", args=[self.pk])

    def clean(self):
        if (
            self.parent_id
            and self.pk
            and (parent := self.parent) is not None
            and parent.path.startswith(self.path or "\0")
        ):
            raise ValidationError(
                {"parent": _("A department cannot sit under itself or one of its own sub-departments.")}
            )

    def _place_in_tree(self) -> None:
        """Recompute this department's path and move its whole subtree with it in one UPDATE."""
        old_path = self.path
        parent_path = Department.objects.get(pk=self.parent_id).path if self.parent_id else "/"
        new_path = f"{parent_path}{self.pk:07d}/"  # zero-padded so that sorting by path lists a tree in order
        if old_path and parent_path.startswith(old_path):
            raise ValidationError(_("A department cannot sit under itself or one of its own sub-departments."))
        self.path = new_path
        self.depth = new_path.count("/") - 2
        if old_path and old_path != new_path:
            Department.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
                depth=F("depth") + (self.depth - (old_path.count("/") - 2)),
            )

    def ancestors(self):
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        return Department.objects.filter(pk__in=ids).order_by(Length("path"))


class JobClass(models.Model):
    """A class of jobs from the county's classification plan ("Counter service clerk"), with the customer-service
    duties its job description names and what good service looks like in it.

    It is reference data for the whole agency: everyone who sees an employee sees their job class. The
    evaluation template a job class is judged by is linked from the evaluations side (`Template.job_classes`),
    since org knows nothing of evaluations.
    """

    code = models.CharField(
        _("code"), max_length=20, unique=True, help_text=_("The code of the HR system, e.g. CS-COUNTER.")
    )
    title = models.CharField(_("title"), max_length=150)
    service_duties = models.TextField(
        _("customer-service duties"),
        help_text=_("One duty per line, as the job description states them."),
    )
    service_expectations = models.TextField(
        _("what good service looks like"),
        blank=True,
        help_text=_("What the evaluator expects to see from someone in this job."),
    )
    active = models.BooleanField(_("active"), default=True)

    access_department_path = None  # org.access: the classification plan belongs to the whole agency
    access_employee_path = None
    access_full_roles = tuple(Role)

    if TYPE_CHECKING:  # the columns django-modeltranslation adds (org/translation.py)
        title_en: str | None
        title_es: str | None
        service_duties_en: str | None
        service_duties_es: str | None
        service_expectations_en: str | None
        service_expectations_es: str | None

    class Meta:
        ordering = ["code"]
        verbose_name = _("job class")
        verbose_name_plural = _("job classes")

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    def save(self, *args, **kwargs):
        self.code = self.code.strip().upper()  # codes are matched without regard to case, as department codes are
        super().save(*args, **kwargs)

    def duty_list(self) -> list[str]:
        """The duties in the language of the request, one per line of the text (blank lines dropped)."""
        return [line.strip() for line in self.service_duties.splitlines() if line.strip()]


class EmployeeQuerySet(models.QuerySet["Employee"]):
    def active(self) -> "EmployeeQuerySet":
        return self.filter(active=True)

    def stamp_leaving_dates(self, today: date) -> None:
        """Leavers among these rows without a leaving date left `today`; people who are back have none."""
        self.filter(active=False, left_on__isnull=True).update(left_on=today)
        self.filter(active=True, left_on__isnull=False).update(left_on=None)


class PayHistory(HistoricalRecords):
    """History of an employee's pay figures only: every field but these few is left out, including fields the
    model gains later, so the historical table changes only when the pay figures do."""

    KEPT = (
        "id",
        "employee_number",
        "base_salary",
        "pay_grade",
        "pay_range_minimum",
        "pay_range_midpoint",
        "pay_range_maximum",
    )

    def finalize(self, sender, **kwargs):
        if sender is self.cls:
            self.excluded_fields = [field.name for field in sender._meta.fields if field.name not in self.KEPT]
        super().finalize(sender, **kwargs)


class Employee(models.Model):
    """A person on the payroll. Most front-line staff never sign in, so the user link is optional."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sign-in account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    work_email = models.EmailField(_("work email"), blank=True)
    employee_number = models.CharField(_("employee number"), max_length=20, unique=True)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="employees"
    )
    job_title = models.CharField(_("job title"), max_length=150)
    job_class = models.ForeignKey(
        JobClass,
        verbose_name=_("job class"),
        on_delete=models.PROTECT,  # a class people hold is retired by unticking active, never deleted
        null=True,
        blank=True,
        related_name="employees",
        help_text=_("Its customer-service duties are shown on the employee's page and evaluation."),
    )
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("supervisor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="direct_reports",
    )
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    base_salary = models.DecimalField(
        _("base salary"), max_digits=12, decimal_places=2, default=Decimal("0.00"), validators=[MinValueValidator(0)]
    )
    # The grade's name in the HR system ("G12", "Manager II"): what its minimum, midpoint and maximum are of.
    pay_grade = models.CharField(_("pay grade"), max_length=40, blank=True)
    pay_range_minimum = models.DecimalField(
        _("pay range minimum"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    pay_range_midpoint = models.DecimalField(
        _("pay range midpoint"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    pay_range_maximum = models.DecimalField(
        _("pay range maximum"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    active = models.BooleanField(_("active"), default=True)
    # The day the person left: set when an import deactivates them, cleared when one brings them back; HR may
    # enter it in admin for someone switched off by hand. Leavers' records are kept by the HR schedule from it.
    left_on = models.DateField(
        _("left on"), null=True, blank=True, help_text=_("The day the person left; empty while they work here.")
    )

    # Who changed a salary, a grade or a pay range, and when: awards are computed from these, so HR must be
    # able to tell which figures an award rested on. Only the pay fields are kept.
    history = PayHistory()
    objects = EmployeeQuerySet.as_manager()

    access_department_path = "department"
    access_employee_path = ""  # an employee may see their own record
    # trainers and training coordinators build rosters from anyone
    access_full_roles = (Role.PROGRAM_ADMIN, Role.HR, Role.TRAINER, Role.TRAINING_COORDINATOR)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        constraints = [
            models.CheckConstraint(condition=Q(base_salary__gte=0), name="employee_salary_not_negative"),
            models.CheckConstraint(
                condition=Q(pay_range_minimum__isnull=True)
                | Q(pay_range_midpoint__isnull=True)
                | Q(pay_range_maximum__isnull=True)
                | Q(pay_range_minimum__lte=F("pay_range_midpoint"), pay_range_midpoint__lte=F("pay_range_maximum")),
                name="employee_pay_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("org:employee_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def clean(self):
        errors = {}
        if self.supervisor_id and self.supervisor_id == self.pk:
            errors["supervisor"] = _("An employee cannot supervise themselves.")
        low, mid, high = self.pay_range_minimum, self.pay_range_midpoint, self.pay_range_maximum
        if low is not None and mid is not None and high is not None and not low <= mid <= high:
            errors["pay_range_midpoint"] = _("The pay range must run minimum ≤ midpoint ≤ maximum.")
        if errors:
            raise ValidationError(errors)

    @property
    def compa_ratio(self) -> Decimal | None:
        """Salary over the range midpoint: below 1 is under the market rate for the job."""
        if not self.pay_range_midpoint:
            return None
        return (self.base_salary / self.pay_range_midpoint).quantize(Decimal("0.001"))


class ServicePoint(models.Model):
    """Where or how a department serves the public: a counter, a phone line, a web form ..."""

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="service_points"
    )
    name = models.CharField(_("name"), max_length=200)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    location = models.CharField(
        _("location"), max_length=255, blank=True, help_text=_("Street address, phone number or web address.")
    )
    staff = models.ManyToManyField(
        Employee,
        verbose_name=_("staff"),
        blank=True,
        related_name="service_points",
        help_text=_("Who serves here; residents can name them when they were especially helpful."),
    )
    active = models.BooleanField(_("active"), default=True)
    invite_one_in = models.PositiveSmallIntegerField(
        _("invite one transaction in"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Sampling for invitations sent through the API: 1 invites after every transaction, 5 after one in five."
        ),
    )

    access_department_path = "department"

    if TYPE_CHECKING:  # the columns django-modeltranslation adds (org/translation.py)
        name_en: str | None
        name_es: str | None

    class Meta:
        ordering = ["department__path", "name"]
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        constraints = [models.UniqueConstraint(fields=["department", "name"], name="service_point_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_channel_display()})"


class StandardMeasure(models.TextChoices):
    SURVEY_DRIVER = "survey_driver", _("Share of residents satisfied on an A-11 driver")
    REPORTED_FIGURE = "reported_figure", _("A figure entered each quarter")


class StandardDirection(models.TextChoices):
    AT_LEAST = "at_least", _("at least the target")
    AT_MOST = "at_most", _("at most the target")


class ServiceStandardQuerySet(models.QuerySet["ServiceStandard"]):
    def published(self) -> "ServiceStandardQuerySet":
        return self.filter(published=True, department__active=True)


class ServiceStandard(models.Model):
    """A published promise, e.g. "we answer emails within two business days", and how it is measured."""

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="standards"
    )
    service_point = models.ForeignKey(
        ServicePoint,
        verbose_name=_("service point"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="standards",
        help_text=_("Leave empty when the standard covers the whole department."),
    )
    title = models.CharField(_("promise"), max_length=200)
    description = models.TextField(_("what it means for residents"), blank=True)
    measure = models.CharField(_("measured by"), max_length=20, choices=StandardMeasure.choices)
    driver = models.CharField(
        _("A-11 driver"),
        max_length=20,
        choices=A11Driver.choices,
        blank=True,
        help_text=_(
            "For survey-measured standards: the driver whose share of satisfied answers is compared with the target."
        ),
    )
    target = models.DecimalField(
        _("target"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("For a survey driver, a percentage (e.g. 85). For a reported figure, a number in the unit below."),
    )
    unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("For a reported figure, e.g. days or minutes.")
    )
    direction = models.CharField(
        _("met when the measured value is"),
        max_length=10,
        choices=StandardDirection.choices,
        default=StandardDirection.AT_LEAST,
    )
    published = models.BooleanField(_("published"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = ServiceStandardQuerySet.as_manager()

    access_department_path = "department"

    if TYPE_CHECKING:  # the columns django-modeltranslation adds (org/translation.py)
        title_en: str | None
        title_es: str | None
        description_en: str | None
        description_es: str | None
        unit_en: str | None
        unit_es: str | None

    class Meta:
        ordering = ["department__path", "order", "pk"]
        verbose_name = _("service standard")
        verbose_name_plural = _("service standards")
        constraints = [
            models.CheckConstraint(
                condition=~Q(measure="survey_driver") | ~Q(driver=""), name="standard_survey_measure_names_driver"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.measure == StandardMeasure.SURVEY_DRIVER:
            if not self.driver:
                errors["driver"] = _("Choose the A-11 driver that measures this standard.")
            if self.target is not None and self.target > 100:
                errors["target"] = _("A survey target is a percentage between 0 and 100.")
        if (
            self.service_point_id
            and self.department_id
            and (point := self.service_point) is not None
            and point.department_id != self.department_id
        ):
            errors["service_point"] = _("The service point belongs to another department.")
        if errors:
            raise ValidationError(errors)

    def is_met(self, value: Decimal) -> bool:
        if self.direction == StandardDirection.AT_MOST:
            return value <= self.target
        return value >= self.target
