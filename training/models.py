"""Bite-sized training: modules and their frozen versions, sessions, attendance, completions,
commitments that are followed up, reflections, feedback, programs and their certificates.

Module content is stored on `ModuleVersion`. Structured parts (objectives, talking points, tips,
wrap-up questions) are JSON lists: a version is a frozen snapshot that is always read and copied
whole, never queried by its parts, so one row per version keeps "edit a published module" a single
row copy and the facilitator guide a single read. `ModuleVersion.clean()` checks their shape.
"""

import secrets
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.models import Department, Employee
from org.roles import Role
from serviceculture import mail

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TRAINING_ROLES = (Role.PROGRAM_ADMIN, Role.HR, Role.TRAINER, Role.TRAINING_COORDINATOR)
# Who changes (and schedules) any session; a trainer changes the sessions they facilitate, others read them.
SESSION_EDITORS = (Role.PROGRAM_ADMIN, Role.TRAINING_COORDINATOR)
# Who reviews what people answered to a module's prompts; a trainer, only from the sessions they facilitated.
REVIEW_ROLES = (Role.PROGRAM_ADMIN, Role.TRAINING_COORDINATOR, Role.TRAINER)
FOLLOW_UP_AFTER = timedelta(days=30)
# A self check-in this long after the start counts as late.
LATE_AFTER = timedelta(minutes=10)
# The longest a module or a session may last (a working day).
MAX_MINUTES = 480


def new_code() -> str:
    """A random, unguessable code for URLs (verification, check-in)."""
    return secrets.token_urlsafe(12)


def acted_by(verbose_name) -> models.ForeignKey:
    """Who did something to a row (the `by=` of the service that did it); kept when the account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )


def hours_for(minutes: int) -> Decimal:
    """Training hours for a number of minutes, rounded half-up to hundredths."""
    return (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class Module(models.Model):
    """The stable identity of a module; what it says lives in its versions."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    access_department_path = None
    access_employee_path = None
    access_full_roles = TRAINING_ROLES

    class Meta:
        ordering = ["slug"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        version = self.latest_version()
        return version.title if version else self.slug

    def get_absolute_url(self) -> str:
        return reverse("training:module_detail", args=[self.pk])

    def latest_version(self) -> "ModuleVersion | None":
        return self.versions.order_by("-number").first()

    def published_version(self) -> "ModuleVersion | None":
        return self.versions.filter(status=ModuleVersion.Status.PUBLISHED).order_by("-number").first()


class ModuleVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ModuleVersion.Status.PUBLISHED)

    def current(self):
        """The newest published version of every module (what new sessions and self-paced learners use)."""
        newest = (
            ModuleVersion.objects.filter(module=models.OuterRef("module"), status=ModuleVersion.Status.PUBLISHED)
            .order_by("-number")
            .values("pk")[:1]
        )
        return self.published().filter(pk=models.Subquery(newest))


class ModuleVersion(models.Model):
    """What a module says. A draft is edited in place; a published version is frozen for good."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = acted_by(_("published by"))
    # Who last saved this version's content (its author, for a published version).
    edited_by = acted_by(_("last edited by"))
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"), default=20, validators=[MinValueValidator(5), MaxValueValidator(MAX_MINUTES)]
    )
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    objectives = models.JSONField(_("learning objectives"), default=list, blank=True)
    objectives_minutes = models.PositiveSmallIntegerField(_("minutes for the objectives"), default=2)
    # [{"say": str, "question": str, "notes": str, "minutes": int}, ...]
    talking_points = models.JSONField(_("talking points"), default=list, blank=True)
    exercise = models.TextField(_("interactive exercise"), blank=True)
    exercise_minutes = models.PositiveSmallIntegerField(_("minutes for the exercise"), default=5)
    tips = models.JSONField(_("tips"), default=list, blank=True)
    wrap_up_questions = models.JSONField(_("wrap-up questions"), default=list, blank=True)
    wrap_up_minutes = models.PositiveSmallIntegerField(_("minutes for the wrap-up"), default=3)
    commitment_prompt = models.CharField(
        _("commitment prompt"), max_length=300, default="One thing I will do to improve my service:"
    )
    closing = models.TextField(_("closing"), blank=True)
    word_prompt = models.CharField(
        _("word exercise"),
        max_length=300,
        blank=True,
        help_text=_(
            "In a workshop, participants answer it with a good word and a bad word, shown side by side on the wall."
        ),
    )
    attribution = models.CharField(_("adapted from"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = ModuleVersionQuerySet.as_manager()

    access_department_path = None
    access_employee_path = None
    access_full_roles = TRAINING_ROLES

    class Meta:
        ordering = ["module", "-number"]
        verbose_name = _("module version")
        verbose_name_plural = _("module versions")
        constraints = [
            models.UniqueConstraint(fields=["module", "number"], name="module_version_unique_number"),
            models.UniqueConstraint(fields=["module"], condition=Q(status="draft"), name="module_version_one_draft"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="module_version_published_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def hours(self) -> Decimal:
        return hours_for(self.duration_minutes)

    def segments(self) -> list[dict]:
        """The running clock of the facilitator guide: each segment with its start and end minute."""
        parts: list[dict[str, Any]] = [
            {"kind": "objectives", "label": _("Objectives"), "minutes": self.objectives_minutes}
        ]
        for index, point in enumerate(self.talking_points, start=1):
            parts.append(
                {"kind": "point", "label": _("Point %(n)s") % {"n": index}, "minutes": point["minutes"], "point": point}
            )
        parts.append({"kind": "exercise", "label": _("Exercise"), "minutes": self.exercise_minutes})
        parts.append({"kind": "wrap_up", "label": _("Wrap-up"), "minutes": self.wrap_up_minutes})
        clock = 0
        for part in parts:
            part["start"], clock = clock, clock + part["minutes"]
            part["end"] = clock
        return parts

    def planned_minutes(self) -> int:
        points = sum(int(point.get("minutes", 0)) for point in self.talking_points if isinstance(point, dict))
        return self.objectives_minutes + points + self.exercise_minutes + self.wrap_up_minutes

    def clean(self):
        errors: dict[str, StrOrPromise] = {}
        for name in ("objectives", "tips", "wrap_up_questions"):
            value = getattr(self, name)
            if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
                errors[name] = _("Give a list of texts, one per line.")
        if not _valid_points(self.talking_points):
            errors["talking_points"] = _("Each talking point needs what to say and whole minutes.")
        elif self.duration_minutes and self.planned_minutes() != self.duration_minutes:
            errors["duration_minutes"] = _(
                "The segments add up to %(planned)s minutes, but the module lasts %(duration)s."
            ) % {"planned": self.planned_minutes(), "duration": self.duration_minutes}
        if errors:
            raise ValidationError(errors)


def _valid_points(points) -> bool:
    if not isinstance(points, list):
        return False
    return all(
        isinstance(point, dict)
        and str(point.get("say", "")).strip()
        and isinstance(point.get("minutes"), int)
        and point["minutes"] > 0
        for point in points
    )


class Program(models.Model):
    """An ordered set of required modules; completing them all makes an employee an ambassador."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    renewal_months = models.PositiveSmallIntegerField(
        _("renewal period in months"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty when the certificate never expires."),
    )
    modules = models.ManyToManyField(Module, through="ProgramModule", related_name="programs")
    updated_at = models.DateTimeField(auto_now=True)

    access_department_path = None
    access_employee_path = None
    access_full_roles = TRAINING_ROLES

    class Meta:
        ordering = ["name"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def __str__(self) -> str:
        return self.name

    def required_modules(self) -> list[Module]:
        return [link.module for link in self.program_modules.select_related("module").order_by("order")]


class ProgramModule(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="program_modules")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="program_links")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["program", "order"]
        verbose_name = _("required module")
        verbose_name_plural = _("required modules")
        constraints = [models.UniqueConstraint(fields=["program", "module"], name="program_module_once")]

    def __str__(self) -> str:
        return f"{self.program}: {self.module}"


class CertificateQuerySet(models.QuerySet):
    def standing(self):
        """Not withdrawn (an expired certificate still stands: it was valid while it lasted)."""
        return self.filter(withdrawn_at__isnull=True)


class Certificate(models.Model):
    """A customer service ambassador certificate, checkable by anyone with its verification code.

    Never deleted once issued (it may be printed): when a correction of attendance takes away a
    completion it rested on, it is withdrawn with the reason recorded.
    """

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="training_certificates")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="certificates")
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    verification_code = models.CharField(_("verification code"), max_length=32, unique=True, default=new_code)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)
    # Whose correction of attendance took away the completion the certificate rested on.
    withdrawn_by = acted_by(_("withdrawn by"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = CertificateQuerySet.as_manager()

    access_department_path = "employee__department"
    access_employee_path = "employee"
    access_full_roles = TRAINING_ROLES

    if TYPE_CHECKING:
        # Not a column: set on the certificates training.summaries.employee_training lists, for their templates.
        valid: bool

    class Meta:
        ordering = ["-issued_on", "pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(fields=["employee", "program", "issued_on"], name="certificate_once_a_day"),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("issued_on")),
                name="certificate_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawal_reason="") | Q(withdrawn_at__isnull=False),
                name="certificate_reason_only_when_withdrawn",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} – {self.employee}"

    def get_absolute_url(self) -> str:
        return reverse("training:certificate_detail", args=[self.pk])

    def get_verification_url(self) -> str:
        return reverse("training_public:verify", args=[self.verification_code])

    def is_valid_on(self, day) -> bool:
        return (
            self.withdrawn_at is None and self.issued_on <= day and (self.expires_on is None or day < self.expires_on)
        )


class SessionQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now() - timedelta(hours=12))

    def past(self):
        return self.filter(starts_at__lt=timezone.now())


class Session(models.Model):
    """A module run by a facilitator with a group, in a room or on a video call."""

    module_version = models.ForeignKey(
        ModuleVersion, verbose_name=_("module"), on_delete=models.PROTECT, related_name="sessions"
    )
    facilitator = models.ForeignKey(
        Employee, verbose_name=_("facilitator"), on_delete=models.PROTECT, related_name="facilitated_sessions"
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"), default=20, validators=[MinValueValidator(5), MaxValueValidator(MAX_MINUTES)]
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=20, validators=[MinValueValidator(1)])
    invited_departments = models.ManyToManyField(
        Department, verbose_name=_("departments invited"), blank=True, related_name="training_sessions"
    )
    reflection_prompt = models.CharField(
        _("reflection prompt"),
        max_length=300,
        blank=True,
        help_text=_("A question attendees answer afterwards, e.g. what does being a public servant mean to you?"),
    )
    check_in_open = models.BooleanField(_("self check-in open"), default=False)
    check_in_code = models.CharField(max_length=32, unique=True, default=new_code, editable=False)
    # Workshop mode: participants join from their phones with the short code while the facilitator has it open.
    workshop_open = models.BooleanField(_("workshop open for answers"), default=False)
    workshop_code = models.CharField(_("join code"), max_length=8, unique=True, null=True, blank=True, editable=False)
    workshop_set_by = acted_by(_("workshop last opened or closed by"))
    scheduled_by = acted_by(_("scheduled by"))
    check_in_set_by = acted_by(_("check-in last opened or closed by"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = SessionQuerySet.as_manager()

    # Sessions are reached by trainers (all) and by the people on their roster; changed by their facilitator
    # and by coordinators (org.access: may_change).
    access_department_path = None
    access_employee_path = "attendances__employee"
    access_full_roles = TRAINING_ROLES
    access_change_roles = SESSION_EDITORS
    access_changer_path = "facilitator"

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(condition=~Q(location="") | ~Q(video_link=""), name="session_has_location_or_link"),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.module_version.title}, {local:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("training:session_detail", args=[self.pk])

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def attendance_opens_at(self) -> datetime:
        """Attendance (and self check-in) opens settings.ATTENDANCE_OPENS_MINUTES_BEFORE the start, not earlier."""
        return self.starts_at - timedelta(minutes=settings.ATTENDANCE_OPENS_MINUTES_BEFORE)

    def attendance_open(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.attendance_opens_at

    @property
    def hours(self) -> Decimal:
        return hours_for(self.duration_minutes)

    def clean(self):
        errors = {}
        if not self.location and not self.video_link:
            errors["location"] = _("Give a location or a video link.")
        if self.module_version_id and not self.module_version.is_published:
            errors["module_version"] = _("Only a published module can be scheduled.")
        if errors:
            raise ValidationError(errors)


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


# Attendees in these states took part and are credited the session's hours.
CREDITED_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class Attendance(models.Model):
    """One person on a session's roster and whether they came."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="training_attendances")
    status = models.CharField(
        _("status"), max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED
    )
    hours_credited = models.DecimalField(_("hours credited"), max_digits=5, decimal_places=2, default=Decimal("0"))
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    self_checked_in = models.BooleanField(_("checked in by QR code"), default=False)
    # Who put the person on the roster or last recorded their attendance (the attendee, for a QR check-in).
    recorded_by = acted_by(_("recorded by"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    access_department_path = "employee__department"
    access_employee_path = "employee"
    access_full_roles = TRAINING_ROLES

    class Meta:
        ordering = ["employee__last_name", "employee__first_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["session", "employee"], name="attendance_once_per_session"),
            models.CheckConstraint(
                condition=Q(status__in=["present", "late"]) | Q(hours_credited=0),
                name="attendance_hours_only_when_there",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} – {self.session}"

    @property
    def attended(self) -> bool:
        return self.status in CREDITED_STATUSES


class CompletionVia(models.TextChoices):
    SESSION = "session", _("Session")
    SELF_PACED = "self_paced", _("Self-paced")


class ModuleCompletion(models.Model):
    """An employee completed a module version, in a session or alone, on a local calendar day."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="module_completions")
    module_version = models.ForeignKey(ModuleVersion, on_delete=models.PROTECT, related_name="completions")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, null=True, blank=True, related_name="completions")
    completed_on = models.DateField(_("completed on"), db_index=True)
    via = models.CharField(_("via"), max_length=12, choices=CompletionVia.choices)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    access_department_path = "employee__department"
    access_employee_path = "employee"
    access_full_roles = TRAINING_ROLES

    class Meta:
        ordering = ["-completed_on", "pk"]
        verbose_name = _("module completion")
        verbose_name_plural = _("module completions")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "session"], condition=Q(session__isnull=False), name="completion_once_per_session"
            ),
            models.UniqueConstraint(
                fields=["employee", "module_version", "completed_on"],
                condition=Q(via="self_paced"),
                name="completion_self_paced_once_a_day",
            ),
            models.CheckConstraint(
                condition=Q(via="session", session__isnull=False) | Q(via="self_paced", session__isnull=True),
                name="completion_via_matches_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} – {self.module_version} ({self.completed_on})"


class CommitmentOutcome(models.TextChoices):
    PENDING = "pending", _("Not followed up yet")
    KEPT = "kept", _("Kept")
    PARTLY = "partly", _("Partly kept")
    NOT_YET = "not_yet", _("Not yet")


class CommitmentQuerySet(models.QuerySet):
    def due(self, today):
        """Awaiting the employee's follow-up on or before `today`."""
        return self.filter(outcome=CommitmentOutcome.PENDING, follow_up_on__lte=today)

    def overdue(self, today):
        return self.filter(outcome=CommitmentOutcome.PENDING, follow_up_on__lt=today)

    def awaiting_reminder(self):
        """Reminders not sent, that no live worker is sending (serviceculture/mail.py), and that have
        someone to go to (the employee or their supervisor has a work email)."""
        reachable = Q(employee__work_email__gt="") | Q(employee__supervisor__work_email__gt="")
        return mail.not_claimed(self.filter(reachable), sent="reminder_sent_at", lease="reminder_sending_until")


class Commitment(models.Model):
    """One thing an employee will do to improve their service, and how it went when followed up."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="training_commitments")
    session = models.ForeignKey(Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="commitments")
    module_version = models.ForeignKey(ModuleVersion, on_delete=models.PROTECT, related_name="commitments")
    text = models.TextField(_("my commitment"), max_length=1000)
    follow_up_on = models.DateField(_("follow up on"), db_index=True)
    outcome = models.CharField(
        _("how it went"), max_length=10, choices=CommitmentOutcome.choices, default=CommitmentOutcome.PENDING
    )
    outcome_note = models.TextField(_("note"), blank=True, max_length=2000)
    followed_up_at = models.DateTimeField(_("followed up at"), null=True, blank=True)
    followed_up_by = acted_by(_("followed up by"))
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # The lease of the worker sending the reminder (serviceculture/mail.py); empty when nobody is sending it.
    reminder_sending_until = models.DateTimeField(_("reminder sending until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = CommitmentQuerySet.as_manager()

    access_department_path = "employee__department"
    access_employee_path = "employee"
    # Supervisors follow up their direct reports' commitments, wherever those sit in the tree.
    access_supervisor_path = "employee__supervisor"
    access_full_roles = TRAINING_ROLES

    class Meta:
        ordering = ["follow_up_on", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "session"], condition=Q(session__isnull=False), name="commitment_once_per_session"
            ),
            models.CheckConstraint(
                condition=Q(outcome="pending") | Q(followed_up_at__isnull=False), name="commitment_outcome_has_date"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("training:commitment_follow_up", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.outcome == CommitmentOutcome.PENDING


class Reflection(models.Model):
    """An attendee's answers after a session (or a self-paced module): wrap-up answers and the reflection.

    The trainer reads them with names; the session wall shows only the ones the trainer chose, without names.
    """

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="training_reflections")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, null=True, blank=True, related_name="reflections")
    module_version = models.ForeignKey(ModuleVersion, on_delete=models.PROTECT, related_name="reflections")
    # [{"question": str, "answer": str}, ...] in the order of the version's wrap-up questions
    wrap_up_answers = models.JSONField(_("wrap-up answers"), default=list, blank=True)
    reflection = models.TextField(_("reflection"), blank=True, max_length=3000)
    on_wall = models.BooleanField(_("shown on the session wall"), default=False)
    on_wall_by = acted_by(_("put on or taken off the wall by"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    access_department_path = "employee__department"
    access_employee_path = "employee"
    access_full_roles = TRAINING_ROLES

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "session"], condition=Q(session__isnull=False), name="reflection_once_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} – {self.module_version}"


class SessionFeedback(models.Model):
    """How useful the session was and how the facilitator did, 1-5, with an optional comment."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="feedback")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="training_feedback")
    usefulness = models.PositiveSmallIntegerField(
        _("how useful was it?"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    facilitator_rating = models.PositiveSmallIntegerField(
        _("how did the facilitator do?"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    access_department_path = "employee__department"
    access_employee_path = "employee"
    access_full_roles = TRAINING_ROLES

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("session feedback")
        verbose_name_plural = _("session feedback")
        constraints = [
            models.UniqueConstraint(fields=["session", "employee"], name="feedback_once_per_session"),
            models.CheckConstraint(condition=Q(usefulness__gte=1, usefulness__lte=5), name="feedback_usefulness_1_5"),
            models.CheckConstraint(
                condition=Q(facilitator_rating__gte=1, facilitator_rating__lte=5), name="feedback_facilitator_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.usefulness}/{self.facilitator_rating}"


class WorkshopAnswerKind(models.TextChoices):
    TEXT = "text", _("Reflection")
    WORDS = "words", _("Word exercise")


class WorkshopAnswerStatus(models.TextChoices):
    NEW = "new", _("New")
    PUBLISHED = "published", _("On the wall")
    HIDDEN = "hidden", _("Hidden")


class WorkshopAnswer(models.Model):
    """One answer to one prompt of a module: written in a workshop (from a phone, with or without an account) or
    after taking the module alone. A written answer has `text`; a word exercise a good word, a bad word or both.

    Anonymous unless the participant was signed in. The facilitator publishes an answer to the wall or hides it;
    the wall shows only published ones, never with names.
    """

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="workshop_answers"
    )
    module_version = models.ForeignKey(ModuleVersion, on_delete=models.PROTECT, related_name="workshop_answers")
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="workshop_answers"
    )
    kind = models.CharField(_("kind"), max_length=5, choices=WorkshopAnswerKind.choices)
    prompt = models.CharField(_("prompt"), max_length=300)
    text = models.TextField(_("answer"), blank=True, max_length=1000)
    good_word = models.CharField(_("good word"), max_length=40, blank=True)
    bad_word = models.CharField(_("bad word"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=WorkshopAnswerStatus.choices, default=WorkshopAnswerStatus.NEW
    )
    moderated_by = acted_by(_("published or hidden by"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    access_department_path = "employee__department"
    access_employee_path = "employee"
    access_full_roles = TRAINING_ROLES

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("workshop answer")
        verbose_name_plural = _("workshop answers")
        indexes = [models.Index(fields=["session", "status"], name="workshop_answer_session_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="text") & ~Q(text="") | Q(kind="words") & (~Q(good_word="") | ~Q(bad_word="")),
                name="workshop_answer_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60] or f"{self.good_word} / {self.bad_word}"
