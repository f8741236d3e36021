"""Surveys, their questions and links, and what residents answer through them.

The reports and evaluations apps read these tables; `Response.objects.reportable()` is the one
definition of a response that counts.
"""

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Substr, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from org.models import A11Driver, Channel
from org.roles import Role
from serviceculture import mail
from serviceculture.links import absolute_url

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

A11_MAX_QUESTIONS = 15


class Audience(models.TextChoices):
    RESIDENTS = "residents", _("Residents")
    INTERNAL = "internal", _("Internal customers (staff rating another department)")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LIVE = "live", _("Live")
    CLOSED = "closed", _("Closed")


class SurveyStandard(models.TextChoices):
    CUSTOM = "", _("Custom")
    A11 = "a11", _("A-11 drivers")
    A11_SHORT = "a11_short", _("A-11 short form (trust and checklists)")


class Survey(models.Model):
    """A questionnaire. Texts residents read are kept in English and Spanish (see translation.py)."""

    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    privacy_notice = models.TextField(
        _("privacy notice"), blank=True, help_text=_("What is done with the answers, shown at the end of the form.")
    )
    thank_you = models.TextField(_("thank-you message"), blank=True)
    audience = models.CharField(
        _("audience"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.RESIDENTS,
        help_text=_(
            "Internal customers are county staff rating another department's service: the form tells them "
            "so, and the inbox can show their answers apart."
        ),
    )
    standard = models.CharField(
        _("built on"), max_length=20, choices=SurveyStandard.choices, default=SurveyStandard.CUSTOM, blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True, help_text=_("The last day answers are taken."))
    omb_control_number = models.CharField(
        _("OMB control number"),
        max_length=20,
        blank=True,
        help_text=_("Only for surveys cleared under the Paperwork Reduction Act."),
    )
    omb_expires_on = models.DateField(_("OMB approval expires on"), null=True, blank=True)
    previous_version = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_versions",
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Who made the survey and who last changed it or its questions: several program admins build surveys,
    # and "who set this live?" or "who reworded this?" is asked of a form residents read. Empty for a survey
    # a script made (seed_demo, a benchmark) or made before these were kept.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    # Surveys are county-wide: program admins manage them, everyone with a role may read them.
    access_department_path = None
    access_full_roles = (Role.PROGRAM_ADMIN, Role.HR, Role.DEPARTMENT_HEAD)

    if TYPE_CHECKING:  # the columns django-modeltranslation adds (surveys/translation.py)
        title_en: str | None
        title_es: str | None
        introduction_en: str | None
        introduction_es: str | None
        privacy_notice_en: str | None
        privacy_notice_es: str | None
        thank_you_en: str | None
        thank_you_es: str | None

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True) | Q(closes_on__isnull=True) | Q(opens_on__lte=models.F("closes_on")),
                name="survey_opens_before_it_closes",
            ),
            models.CheckConstraint(
                condition=Q(omb_control_number="") | Q(omb_expires_on__isnull=False),
                name="survey_omb_number_has_expiry",
            ),
        ]

    def __str__(self) -> str:
        return self.title if self.version == 1 else f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("surveys:survey_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.opens_on and self.closes_on and self.opens_on > self.closes_on:
            errors["closes_on"] = _("A survey cannot close before it opens.")
        if self.omb_control_number and not self.omb_expires_on:
            errors["omb_expires_on"] = _("Give the date the OMB approval expires.")
        if errors:
            raise ValidationError(errors)

    def accepts_answers(self, today: date | None = None) -> bool:
        """Live, within its dates (local calendar days), and, for a survey under the Paperwork Reduction Act,
        its OMB approval not expired."""
        today = today or timezone.localdate()
        if self.status != SurveyStatus.LIVE or self.paperwork_expired(today):
            return False
        if self.opens_on and today < self.opens_on:
            return False
        return not (self.closes_on and today > self.closes_on)

    def why_no_answers(self, today: date | None = None) -> str:
        """For staff issuing links and posters: why residents who open a link today are told the survey is not
        taking answers, in words; empty when it takes them."""
        today = today or timezone.localdate()
        if self.accepts_answers(today):
            return ""
        if self.status == SurveyStatus.DRAFT:
            return gettext("This survey is a draft: residents who open its links are told it is not taking answers.")
        if self.status == SurveyStatus.CLOSED:
            return gettext("This survey is closed: residents who open its links are told it is not taking answers.")
        if self.paperwork_expired(today):
            return gettext("This survey's OMB approval has expired: its links take no answers.")
        if self.opens_on and today < self.opens_on:
            return gettext("This survey opens on %(date)s: until then its links take no answers.") % {
                "date": date_format(self.opens_on, "DATE_FORMAT")
            }
        return gettext("This survey closed on %(date)s: its links take no answers.") % {
            "date": date_format(self.closes_on, "DATE_FORMAT") if self.closes_on else ""
        }

    # --- The Paperwork Reduction Act -------------------------------------------------------------------
    # An OMB approval is valid up to and including its expiry date (local calendar days). From the next day
    # the survey takes no answers, whatever its status; its owner is warned PAPERWORK_WARNING_DAYS before.

    def paperwork_days_left(self, today: date | None = None) -> int | None:
        """Days from today to the approval's expiry: 0 on its last day, negative once expired; None for a
        survey without an OMB control number."""
        if not self.omb_control_number or self.omb_expires_on is None:
            return None
        return (self.omb_expires_on - (today or timezone.localdate())).days

    def paperwork_expired(self, today: date | None = None) -> bool:
        days_left = self.paperwork_days_left(today)
        return days_left is not None and days_left < 0

    def shows_paperwork_notice(self, today: date | None = None) -> bool:
        days_left = self.paperwork_days_left(today)
        return days_left is not None and days_left >= 0

    def paperwork_status(self, today: date | None = None) -> str:
        """ "valid", "expiring" (within the first warning's window) or "expired"; empty outside the Act."""
        days_left = self.paperwork_days_left(today)
        if days_left is None:
            return ""
        if days_left < 0:
            return "expired"
        return "expiring" if days_left <= max(PAPERWORK_WARNING_DAYS) else "valid"

    def paperwork_state(self, today: date | None = None) -> str:
        """The PRA state in words for staff lists: valid until a date, expiring in N days (within the first
        warning), or expired; empty for a survey outside the Act."""
        days_left = self.paperwork_days_left(today)
        if days_left is None or self.omb_expires_on is None:
            return ""
        expires = date_format(self.omb_expires_on, "DATE_FORMAT")
        if days_left < 0:
            return gettext("OMB approval expired on %(date)s") % {"date": expires}
        if days_left == 0:
            return gettext("OMB approval expires today")
        if days_left <= max(PAPERWORK_WARNING_DAYS):
            return ngettext(
                "OMB approval expires in %(days)d day", "OMB approval expires in %(days)d days", days_left
            ) % {"days": days_left}
        return gettext("OMB approval valid until %(date)s") % {"date": expires}


# Days before an OMB approval expires on which the survey's owner is emailed (surveys/services/paperwork.py).
PAPERWORK_WARNING_DAYS = (30, 7)


class PaperworkWarning(models.Model):
    """One email telling a survey's owner that its OMB approval runs out soon.

    One row per (survey, expiry date, days before): the row exists before the email goes out and is sent once
    under a lease (serviceculture/mail.py), so a run repeated or two runs at once send one email; a renewed
    approval (a new expiry date) gets warnings of its own.
    """

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="paperwork_warnings"
    )
    expires_on = models.DateField(_("OMB approval expires on"))
    days_before = models.PositiveSmallIntegerField(_("days before expiry"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_to = models.TextField(_("sent to"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sending_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-expires_on", "-days_before"]
        verbose_name = _("PRA expiry warning")
        verbose_name_plural = _("PRA expiry warnings")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "expires_on", "days_before"], name="paperwork_warning_once_per_expiry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} - {self.days_before} days before {self.expires_on}"


class QuestionKind(models.TextChoices):
    AGREEMENT = "agreement", _("Five-point agreement (A-11)")
    THUMBS = "thumbs", _("Yes / no (thumbs)")
    STARS = "stars", _("1 to 5 stars")
    LIKELIHOOD = "likelihood", _("0 to 10 likelihood")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")


# Kinds whose answer is a number on a scale, and the scale.
SCALES: dict[str, range] = {
    QuestionKind.AGREEMENT: range(1, 6),
    QuestionKind.THUMBS: range(2),
    QuestionKind.STARS: range(1, 6),
    QuestionKind.LIKELIHOOD: range(11),
}
CHOICE_KINDS = (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
SHORT_TEXT_LIMIT = 200


class Question(models.Model):
    """One question of a survey.

    `options` (choice kinds only) is a list of {"value": "ease", "en": "...", "es": "..."}: answers
    store the value, which never changes with the language.
    """

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    driver = models.CharField(_("A-11 driver"), max_length=20, choices=A11Driver.choices, blank=True, default="")
    options = models.JSONField(_("options"), default=list, blank=True)
    char_limit = models.PositiveIntegerField(
        _("character limit"), default=1000, help_text=_("For long-text questions: the most a resident may type.")
    )

    access_department_path = None
    access_full_roles = Survey.access_full_roles

    if TYPE_CHECKING:  # the columns django-modeltranslation adds (surveys/translation.py)
        text_en: str | None
        text_es: str | None
        help_text_en: str | None
        help_text_es: str | None

    class Meta:
        ordering = ["survey", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    @property
    def scale(self) -> range | None:
        return SCALES.get(self.kind)

    @property
    def max_length(self) -> int | None:
        if self.kind == QuestionKind.SHORT_TEXT:
            return SHORT_TEXT_LIMIT
        if self.kind == QuestionKind.LONG_TEXT:
            return self.char_limit
        return None

    def option_values(self) -> list[str]:
        return [option["value"] for option in self.options]

    def option_label(self, value: str, language: str) -> str:
        for option in self.options:
            if option["value"] == value:
                return option.get(language) or option.get("en") or value
        return value


class LinkKind(models.TextChoices):
    OPEN = "open", _("Open (posters, websites)")
    SINGLE_USE = "single_use", _("Single use (one transaction)")


class SurveyLink(models.Model):
    """A survey offered at one service point, reached at /s/<token>/. An open link also has a short code a
    resident can type from a poster, /s/<code> (surveys/services/links.py), which leads to the same form."""

    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    # Stored in capitals; a resident's typing is read case-insensitively. Empty (NULL) for single-use links,
    # whose 192-bit token is what keeps a stranger from using up someone else's invitation.
    code = models.CharField(_("short code"), max_length=6, unique=True, null=True, blank=True, editable=False)
    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="links")
    service_point = models.ForeignKey(
        "org.ServicePoint", verbose_name=_("service point"), on_delete=models.PROTECT, related_name="survey_links"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LinkKind.choices, default=LinkKind.OPEN)
    label = models.CharField(
        _("label"), max_length=100, blank=True, help_text=_("A note for staff, e.g. the batch it came in.")
    )
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    # The channel of the transaction the link follows, when another system said so (an invitation through the
    # API); empty for the service point's own channel.
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, blank=True, default="")
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Who made it: a poster or a batch of letters at a counter is a department's business, and the head asks
    # who put it there. Empty for links a script made.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    access_department_path = "service_point__department"

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="single_use") | Q(used_at__isnull=True), name="link_only_single_use_is_used"
            ),
            # Codes in capitals only, so the unique index is also unique whatever case a resident types.
            models.CheckConstraint(
                condition=Q(code__isnull=True) | Q(code=Upper("code")), name="link_code_in_capitals"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} @ {self.service_point.name}"

    def get_absolute_url(self) -> str:
        return reverse("surveys_public:respond", args=[self.token])

    @property
    def public_url(self) -> str:
        return absolute_url(self.get_absolute_url())

    @property
    def short_url(self) -> str:
        """The address to type, e.g. https://harbor.gov/s/K7QM; empty for a link without a code."""
        return absolute_url(reverse("surveys_public:short", args=[self.code])) if self.code else ""

    @property
    def short_address(self) -> str:
        """The short address as printed on a poster, without the scheme a browser adds by itself."""
        return self.short_url.split("://", 1)[-1]


class LinkViewDay(models.Model):
    """How many times a link's form was shown on a local day: the "offered" count. No personal data."""

    link = models.ForeignKey(SurveyLink, on_delete=models.CASCADE, related_name="view_days")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    access_department_path = "link__service_point__department"

    class Meta:
        verbose_name = _("link views on a day")
        verbose_name_plural = _("link views by day")
        constraints = [models.UniqueConstraint(fields=["link", "day"], name="link_view_day_unique")]
        indexes = [models.Index(fields=["day"], name="link_view_day_day")]

    def __str__(self) -> str:
        return f"{self.link} · {self.day}: {self.views}"


class SurveyInvitationQuerySet(models.QuerySet):
    def awaiting_email(self):
        """Invitations that still owe their email and that no live worker is sending (serviceculture/mail.py)."""
        return mail.not_claimed(self.exclude(email=""), sent="email_sent_at", lease="email_sending_until")

    def awaiting_reminder(self, sent_before):
        """Invitations emailed before `sent_before`, still unanswered, whose one reminder has not gone out and that
        no live worker is sending."""
        return mail.not_claimed(
            self.exclude(email="").filter(email_sent_at__lt=sent_before, link__used_at__isnull=True),
            sent="reminder_sent_at",
            lease="reminder_sending_until",
        )


class SurveyInvitation(models.Model):
    """A resident invited to rate one transaction, by another system through the API (surveys/services/invitations.py).

    The address is kept only until the email is sent (or, with reminders on, until the reminder is sent or the
    survey answered); `address_hash` (salted, serviceculture/addresses.py) stays, so the same person is not
    invited again within SURVEY_INVITATION_QUIET_DAYS.
    """

    link = models.OneToOneField(SurveyLink, verbose_name=_("link"), on_delete=models.CASCADE, related_name="invitation")
    service_point = models.ForeignKey(
        "org.ServicePoint", verbose_name=_("service point"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    email = models.EmailField(_("email address"), blank=True)
    address_hash = models.CharField(max_length=64, blank=True, default="")
    token = models.ForeignKey(
        "accounts.ApiToken", verbose_name=_("API token"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    email_sent_at = models.DateTimeField(_("email sent"), null=True, blank=True)
    email_sending_until = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    reminder_sending_until = models.DateTimeField(null=True, blank=True)

    access_department_path = "service_point__department"

    objects = SurveyInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [
            models.Index(fields=["address_hash", "created_at"], name="invitation_address_recent"),
            models.Index(fields=["created_at"], condition=~Q(email=""), name="invitation_email_waiting"),
        ]

    def __str__(self) -> str:
        return f"{self.link} · {self.created_at:%Y-%m-%d}"


class TransactionDay(models.Model):
    """Transactions another system reported at a service point on a local day, and how many were invited to
    the survey (sampling and suppression leave the others out). No personal data."""

    service_point = models.ForeignKey("org.ServicePoint", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    channel = models.CharField(max_length=20, choices=Channel.choices)
    transactions = models.PositiveIntegerField(default=0)
    invited = models.PositiveIntegerField(default=0)

    access_department_path = "service_point__department"

    class Meta:
        verbose_name = _("transactions on a day")
        verbose_name_plural = _("transactions by day")
        constraints = [
            models.UniqueConstraint(fields=["service_point", "day", "channel"], name="transaction_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.service_point_id} · {self.day} · {self.channel}: {self.invited}/{self.transactions}"


class ResponseStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    DISPATCHED = "dispatched", _("Dispatched")
    RESPONDED = "responded", _("Responded")


PAGE_PATH_MAX_LENGTH = 300
LOW_UP_TO = 2  # a 1 or a 2 on the five-point scale is a low score
# A thumbs answer stores no score: a thumbs-down is an unsatisfied answer without one.
THUMBS_DOWN = Q(score__isnull=True, satisfied=False)
ANSWER_VERDICTS: dict[str, Q] = {
    "answered": Q(satisfied__isnull=False),
    "satisfied": Q(satisfied=True),
    "not_satisfied": Q(satisfied=False),
    "low": Q(score__lte=LOW_UP_TO) | THUMBS_DOWN,
}


def is_low_answer(*, driver: str, score: int | None, satisfied: bool | None) -> bool:
    """An answer that makes its response low (ResponseQuerySet.with_low_score), read from an answer not yet
    stored; the two must agree (tests/surveys/test_alerts.py compares them on every combination)."""
    if driver == A11Driver.SATISFACTION and score is not None and score <= LOW_UP_TO:
        return True
    return driver != "" and score is None and satisfied is False


def reportable_through(prefix: str = "") -> Q:
    """The responses that count, everywhere: not spam and not deleted; `prefix` reaches them from a related
    model ("response__"), so a query filters through its join rather than a second scan of responses."""
    return Q(**{f"{prefix}is_spam": False, f"{prefix}deleted_at__isnull": True})


# Of the reportable responses: residents who asked to be contacted, have not yet heard back, and have not taken
# back their details. A condition, so a report can count these in the same pass as the rest.
FOLLOW_UP_DUE = Q(wants_contact=True, contact_withdrawn_at__isnull=True) & ~Q(status=ResponseStatus.RESPONDED)


class ResponseQuerySet(models.QuerySet):
    def reportable(self):
        """The responses that count, everywhere (reportable_through)."""
        return self.filter(reportable_through())

    def follow_ups_due(self):
        """Residents who asked to be contacted, have not yet heard back, and have not taken back their details."""
        return self.reportable().filter(FOLLOW_UP_DUE)

    def awaiting_contact_email(self):
        """Follow-up requests whose email to the department has not gone out and that no live worker is
        sending (serviceculture/mail.py). A resident who took back their details is owed no email."""
        return mail.not_claimed(
            self.reportable().filter(wants_contact=True, contact_withdrawn_at__isnull=True),
            sent="contact_email_sent_at",
            lease="contact_email_sending_until",
        )

    def awaiting_resident_email(self):
        """Residents who gave an email address to be contacted at and have not been told their request
        arrived, and whose email no live worker is sending."""
        return mail.not_claimed(
            self.reportable().filter(wants_contact=True, contact_withdrawn_at__isnull=True).exclude(contact_email=""),
            sent="resident_email_sent_at",
            lease="resident_email_sending_until",
        )

    def with_satisfaction_score(self):
        """Annotate `satisfaction_score`: the 1-5 satisfaction answer (empty for none or a thumbs answer), so
        the inbox and its exports can sort by it."""
        satisfaction = Answer.objects.filter(response=OuterRef("pk"), driver=A11Driver.SATISFACTION).exclude(
            satisfied__isnull=True
        )
        return self.annotate(satisfaction_score=Subquery(satisfaction.order_by("pk").values("score")[:1]))

    def with_drivers(self):
        """`with_satisfaction_score`, and the rated A-11 answers prefetched into `driver_answers`: the inbox's
        satisfaction column in one more query a page, whatever its length."""
        rated = Answer.objects.exclude(driver="").exclude(satisfied__isnull=True)
        return self.with_satisfaction_score().prefetch_related(
            Prefetch(
                "answers",
                queryset=rated.only("response_id", "driver", "number", "score", "satisfied"),
                to_attr="driver_answers",
            )
        )

    def with_driver_answer(self, driver: str, verdict: str):
        """Responses whose answer on one A-11 driver has a verdict (`ANSWER_VERDICTS`): answered at all,
        satisfied (4-5 or thumbs up, as reports count it), not satisfied (1-3 or thumbs down), or low (1-2 or
        thumbs down)."""
        answers = Answer.objects.filter(response=OuterRef("pk"), driver=driver).filter(ANSWER_VERDICTS[verdict])
        return self.filter(Exists(answers))

    def with_low_score(self):
        """Responses a head should read first: satisfaction 1 or 2, or a thumbs-down on any A-11 driver
        (`is_low_answer` says the same of an answer being stored)."""
        low = Answer.objects.filter(response=OuterRef("pk")).filter(
            Q(driver=A11Driver.SATISFACTION, score__lte=LOW_UP_TO) | (~Q(driver="") & THUMBS_DOWN)
        )
        return self.filter(Exists(low))

    def with_comment(self, length: int = 200):
        """Annotate `comment`: the start of the first text answer, for a preview in lists."""
        first_text = (
            Answer.objects.filter(response=OuterRef("pk"))
            .exclude(text="")
            .order_by("question__order", "pk")
            .values("text")[:1]
        )
        return self.annotate(comment=Substr(Subquery(first_text), 1, length))


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Response(models.Model):
    """One resident's submitted form. Where it was given is copied at submit time, so moving a service
    point to another department later never rewrites history."""

    # Neither key gets an index of its own: response_survey_submitted and response_dept_submitted start with
    # them, and a second index only slows every submission.
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="responses", db_index=False
    )
    link = models.ForeignKey(
        SurveyLink, verbose_name=_("link"), on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    service_point = models.ForeignKey(
        "org.ServicePoint", verbose_name=_("service point"), on_delete=models.PROTECT, related_name="responses"
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="responses",
        db_index=False,
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    # The path of the web page whose feedback button led here (surveys/services/widget.py), never its query
    # string or fragment, which may carry a case number or a search; empty for every other way in.
    page_path = models.CharField(_("web page"), max_length=PAGE_PATH_MAX_LENGTH, blank=True, default="")
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    status = models.CharField(
        _("status"), max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.RECEIVED
    )
    is_spam = models.BooleanField(_("spam"), default=False)
    archived = models.BooleanField(_("archived"), default=False)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    flagged = models.BooleanField(_("flagged"), default=False)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="responses")
    wants_contact = models.BooleanField(_("asked to be contacted"), default=False)
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    # Whether personal data typed into a comment was masked at submission (surveys/masking.py), so the inbox
    # shows it without reading the answers; Answer.masked_kinds says what, per answer.
    personal_data_masked = models.BooleanField(_("personal details removed"), default=False)
    contact_email_sent_at = models.DateTimeField(_("representative emailed"), null=True, blank=True)
    # The lease of the worker sending that email (serviceculture/mail.py); empty when nobody is sending it.
    contact_email_sending_until = models.DateTimeField(_("representative email sending until"), null=True, blank=True)
    # The email that tells the resident their request arrived (and how to take their details back), and its lease.
    resident_email_sent_at = models.DateTimeField(_("resident emailed"), null=True, blank=True)
    resident_email_sending_until = models.DateTimeField(_("resident email sending until"), null=True, blank=True)
    # When the resident took back their name, email and phone (surveys/services/contact.py); they are empty since.
    contact_withdrawn_at = models.DateTimeField(_("contact details withdrawn"), null=True, blank=True)
    # When the alerts this response calls for were created (surveys/alerts.py); empty until then, so that the
    # resend job raises them for a response whose task was never queued (the broker was down).
    alerts_raised_at = models.DateTimeField(_("alerts raised"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = ResponseQuerySet.as_manager()

    access_department_path = "department"
    # A customer relations representative sees the residents who asked to be contacted, in the departments
    # they represent and below (org.access), and nothing else residents said.
    access_representative_path = "department"
    access_representative_rows = {"wants_contact": True}

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(wants_contact=True) | Q(contact_name="", contact_email="", contact_phone=""),
                name="response_contact_only_with_consent",
            ),
            models.CheckConstraint(
                condition=Q(contact_withdrawn_at__isnull=True) | Q(contact_name="", contact_email="", contact_phone=""),
                name="response_withdrawn_contact_is_empty",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "submitted_at"], name="response_dept_submitted"),
            models.Index(fields=["survey", "submitted_at"], name="response_survey_submitted"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.survey.title}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:response_detail", args=[self.pk])

    @property
    def contact_withdrawn(self) -> bool:
        """The resident took back their contact details: nobody may contact them about this response."""
        return self.contact_withdrawn_at is not None

    @property
    def contact_email_is_sending(self) -> bool:
        """A worker holds the email to the representative right now; it is not sent until it says so."""
        return (
            self.contact_email_sent_at is None
            and self.contact_email_sending_until is not None
            and self.contact_email_sending_until > timezone.now()
        )


class Answer(models.Model):
    """One answer. `satisfied` and `score` are computed at submit time so reports stay set-based."""

    # No index of its own: answer_one_per_question (response, question) starts with it.
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", db_index=False)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    driver = models.CharField(max_length=20, choices=A11Driver.choices, blank=True, default="")
    number = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    choices = models.JSONField(default=list, blank=True)
    satisfied = models.BooleanField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    # The kinds of personal data masked out of `text` at submission ("email", "phone", "ssn"); the raw text
    # was never stored.
    masked_kinds = models.JSONField(default=list, blank=True)

    access_department_path = "response__department"

    class Meta:
        ordering = ["question__order", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_one_per_question"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5), name="answer_score_one_to_five"
            ),
        ]
        indexes = [models.Index(fields=["driver", "response"], name="answer_driver_response")]

    def __str__(self) -> str:
        return f"{self.response_id} · {self.question_id}"

    def masked_labels(self) -> list[str]:
        """What was removed from the comment, in the reader's language."""
        labels = {"email": _("email address"), "phone": _("phone number"), "ssn": _("Social Security number")}
        return [str(labels[kind]) for kind in self.masked_kinds if kind in labels]


class ComplimentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Not a staff member we can identify")


class ComplimentQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(
            status=ComplimentStatus.CONFIRMED,
            employee__isnull=False,
            response__is_spam=False,
            response__deleted_at__isnull=True,
        )


class Compliment(models.Model):
    """A resident named someone who helped them especially well; staff confirm who was meant."""

    response = models.OneToOneField(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="compliment"
    )
    named_text = models.CharField(_("name given"), max_length=150)
    employee = models.ForeignKey(
        "org.Employee",
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="compliments",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ComplimentStatus.choices, default=ComplimentStatus.PENDING
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = ComplimentQuerySet.as_manager()

    access_department_path = "response__department"
    access_employee_path = "employee"

    class Meta:
        ordering = ["-response__submitted_at"]
        verbose_name = _("compliment")
        verbose_name_plural = _("compliments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(employee__isnull=False), name="compliment_confirmed_names_employee"
            ),
        ]

    def __str__(self) -> str:
        return self.named_text


class TriageAction(models.TextChoices):
    STATUS = "status", _("Changed status")
    FLAG = "flag", _("Flagged")
    UNFLAG = "unflag", _("Removed flag")
    SPAM = "spam", _("Marked as spam")
    NOT_SPAM = "not_spam", _("Marked as not spam")
    ARCHIVE = "archive", _("Archived")
    UNARCHIVE = "unarchive", _("Restored from archive")
    TAG = "tag", _("Added tag")
    UNTAG = "untag", _("Removed tag")
    DELETE = "delete", _("Deleted")
    COMPLIMENT = "compliment", _("Decided on a compliment")
    FOLLOW_UP = "follow_up", _("Recorded what was done for the resident")
    CONTACT_WITHDRAWN = "contact_withdrawn", _("The resident withdrew their contact details")


class TriageEvent(models.Model):
    """Who did what to a response, and when. Written by the triage services, never edited."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="triage_events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=20, choices=TriageAction.choices)
    detail = models.CharField(max_length=200, blank=True)

    access_department_path = "response__department"

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("triage event")
        verbose_name_plural = _("triage events")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.detail}".strip()


# --- Comment themes (surveys/themes.py) ----------------------------------------------------------------------


class Theme(models.Model):
    """A subject residents write about ("Wait time"), found in comments by its words and phrases in either
    language. Program admins keep the list; each change bumps `ThemeList.version` so the nightly job re-tags."""

    name = models.CharField(_("name"), max_length=100)
    words_en = models.TextField(_("words and phrases in English"), help_text=_("One per line, e.g. wait time."))
    words_es = models.TextField(
        _("words and phrases in Spanish"), blank=True, help_text=_("One per line, e.g. tiempo de espera.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    # The list is county-wide: program admins keep it, everyone who reads the inbox sees the names.
    access_department_path = None
    access_full_roles = (Role.PROGRAM_ADMIN, Role.HR, Role.DEPARTMENT_HEAD)
    access_change_roles = (Role.PROGRAM_ADMIN,)

    if TYPE_CHECKING:  # the columns django-modeltranslation adds (surveys/translation.py)
        name_en: str | None
        name_es: str | None

    class Meta:
        ordering = ["name"]
        verbose_name = _("comment theme")
        verbose_name_plural = _("comment themes")

    def __str__(self) -> str:
        return self.name

    def terms(self) -> list[str]:
        """Its words and phrases in both languages (a comment in either may use either)."""
        from surveys.matching import clean_terms

        return clean_terms([*self.words_en.splitlines(), *self.words_es.splitlines()])


class ThemeList(models.Model):
    """The one row saying which version of the theme list the stored tags follow. Every change to a theme adds
    one to `version`; the nightly job re-tags the comments when `tagged_version` is behind, and only then."""

    version = models.PositiveIntegerField(default=0)
    tagged_version = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)
    tagged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("theme list version")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="theme_list_single_row")]

    def __str__(self) -> str:
        return f"v{self.version} (tags at v{self.tagged_version})"


class ResponseTheme(models.Model):
    """A theme found in a response's comments, with the words that matched it (as the list gives them)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="themes")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="responses")
    words = models.JSONField(default=list)

    access_department_path = "response__department"

    class Meta:
        ordering = ["theme__name"]
        constraints = [models.UniqueConstraint(fields=["response", "theme"], name="response_theme_once")]
        indexes = [models.Index(fields=["theme", "response"], name="response_theme_by_theme")]

    def __str__(self) -> str:
        return f"{self.response_id} · {self.theme_id}"


# --- Alerts to heads and representatives (surveys/alerts.py) ------------------------------------------------


class AlertKind(models.TextChoices):
    CONTACT_REQUEST = "contact_request", _("A resident asks to be contacted")
    LOW_RESPONSE = "low_response", _("A low response (satisfaction 1 or 2, or a thumbs-down)")
    WATCHED_WORD = "watched_word", _("A comment contains one of my watched words")
    STANDARD_MISSED = "standard_missed", _("A service standard is missed for the quarter")


class AlertDelivery(models.TextChoices):
    OFF = "off", _("Not at all")
    IMMEDIATE = "immediate", _("At once")
    DIGEST = "digest", _("In a daily digest")


def _delivery_field(label: "_StrPromise") -> models.CharField:
    return models.CharField(label, max_length=10, choices=AlertDelivery.choices, default=AlertDelivery.OFF)


class AlertSettings(models.Model):
    """What one department head or representative wants to be emailed about, and how. One field per AlertKind,
    named as its value."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_settings")
    contact_request = _delivery_field(_("a resident asks to be contacted"))
    low_response = _delivery_field(_("a low response"))
    watched_word = _delivery_field(_("a watched word in a comment"))
    standard_missed = _delivery_field(_("a standard missed for the quarter"))
    watched_words = models.TextField(
        _("watched words"), blank=True, help_text=_("One word or phrase per line; case and accents do not matter.")
    )
    language = models.CharField(_("language of the emails"), max_length=10, choices=settings.LANGUAGES, default="en")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("alert settings")
        verbose_name_plural = _("alert settings")

    def __str__(self) -> str:
        return str(self.user)

    def delivery(self, kind: str) -> str:
        return getattr(self, kind)

    def watched_terms(self) -> list[str]:
        from surveys.matching import clean_terms

        return clean_terms(self.watched_words.splitlines())


class AlertDigest(models.Model):
    """One person's daily digest email, sent once under a lease (serviceculture/mail.py)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_digests")
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sending_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="alert_digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.day}"


class Alert(models.Model):
    """One event one person is told about: a response (contact request, low score, watched word) or a standard
    missed in a quarter. The unique constraints make "told once" a property of the table: raising the same
    event again creates nothing. An immediate alert is emailed once under its own lease; a digest alert rides
    in the digest it is attached to."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    delivery = models.CharField(max_length=10, choices=AlertDelivery.choices)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts")
    standard = models.ForeignKey(
        "org.ServiceStandard", on_delete=models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    quarter = models.DateField(null=True, blank=True)
    # The watched words found (for a watched-word alert): what the email says instead of the comment itself.
    words = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    digest = models.ForeignKey(AlertDigest, on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts")
    sent_at = models.DateTimeField(null=True, blank=True)
    sending_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "response"],
                condition=Q(response__isnull=False),
                name="alert_once_per_response",
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "standard", "quarter"],
                condition=Q(standard__isnull=False),
                name="alert_once_per_standard_quarter",
            ),
            models.CheckConstraint(
                condition=Q(response__isnull=False, standard__isnull=True)
                | Q(response__isnull=True, standard__isnull=False, quarter__isnull=False),
                name="alert_about_a_response_or_a_standard",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "delivery", "digest"], name="alert_digest_pending")]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind} {self.response_id or self.standard_id}"
