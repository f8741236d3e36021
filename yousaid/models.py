"""'You said, we did': what a department changed because of what residents told it, published on /standards/.

An action is written by a head of its department and goes live only once a program admin has reviewed it:

    draft --submit--> waiting for review --publish--> published
      ^                       |
      +---- returned <--------+  (return, with a note saying what to change)

Only drafts and returned actions can be changed; a published action is on the public page and in the annual
report as it was reviewed. Each step is on the audit trail (yousaid/services.py).
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from org.roles import Role
from serviceculture.dates import local_today


class ActionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for review")
    RETURNED = "returned", _("Returned for changes")
    PUBLISHED = "published", _("Published")


# The states in which the department's head may still change the action.
EDITABLE = (ActionStatus.DRAFT, ActionStatus.RETURNED)


class FeedbackActionQuerySet(models.QuerySet["FeedbackAction"]):
    def published(self) -> "FeedbackActionQuerySet":
        return self.filter(status=ActionStatus.PUBLISHED)

    def waiting_for_review(self) -> "FeedbackActionQuerySet":
        return self.filter(status=ActionStatus.SUBMITTED)


class FeedbackAction(models.Model):
    """One thing a department changed because of residents' feedback, in English and Spanish."""

    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="feedback_actions"
    )
    service_point = models.ForeignKey(
        "org.ServicePoint",
        verbose_name=_("service point"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_actions",
        help_text=_("Where the change shows, if it concerns one service point."),
    )
    you_said = models.TextField(
        _("what residents said"), help_text=_("In a sentence or two, as residents would recognise it.")
    )
    we_did = models.TextField(_("what we changed"), help_text=_("What is different now, in plain words."))
    changed_on = models.DateField(_("changed on"), help_text=_("The day the change took effect."))
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.DRAFT)
    review_note = models.TextField(
        _("note from the reviewer"), blank=True, help_text=_("Why the action was returned, and what to change.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    # Who sent it for review last: the reviewer must be someone else.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = FeedbackActionQuerySet.as_manager()

    # A head sees and drafts the actions of their departments; program admins see all of them and review.
    access_department_path = "department"
    access_employee_path = None
    access_full_roles = (Role.PROGRAM_ADMIN,)

    if TYPE_CHECKING:  # the columns django-modeltranslation adds (yousaid/translation.py)
        you_said_en: str | None
        you_said_es: str | None
        we_did_en: str | None
        we_did_es: str | None

    class Meta:
        ordering = ["-changed_on", "-pk"]
        verbose_name = _("action taken on feedback")
        verbose_name_plural = _("actions taken on feedback")
        indexes = [models.Index(fields=["status", "department"], name="feedback_action_status")]

    def __str__(self) -> str:
        return f"{self.department}: {self.we_did[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("yousaid:action_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.changed_on and self.changed_on > local_today():
            errors["changed_on"] = _("Give the day the change took effect: it cannot be in the future.")
        point = self.service_point if self.service_point_id else None
        if point is not None and self.department_id and point.department_id != self.department_id:
            errors["service_point"] = _("Choose a service point of the department, or none.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def you_said_language(self) -> str:
        return self._language_shown("you_said")

    @property
    def we_did_language(self) -> str:
        return self._language_shown("we_did")

    def _language_shown(self, name: str) -> str:
        """The language a reader gets the text in: theirs when it was written in it, else English (the fallback
        of django-modeltranslation), so the page can mark it with lang="en"."""
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return language if getattr(self, f"{name}_{language}", None) else settings.MODELTRANSLATION_DEFAULT_LANGUAGE
