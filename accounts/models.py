"""Who a person is and what was done with their identity: the audit trail, invitations, and staff files
uploaded for import.

An audit event is written once and never changed: the trail is evidence. It names the person who acted by
their account and by the username they had then (kept when the account goes), and says in plain words what
was done to what. No address or user agent is kept: the trail answers "who did what, when", and residents'
privacy rules apply to staff in spirit too.
"""

import json
from typing import cast

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceculture import mail


class AuditAction(models.TextChoices):
    SIGNED_IN = "signed_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    SIGN_IN_REFUSED = "sign_in_refused", _("Sign-in refused")
    SIGNED_OUT = "signed_out", _("Signed out")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset")
    MFA_CHANGED = "mfa_changed", _("Second factor changed")
    ROLES_CHANGED = "roles_changed", _("Roles changed")
    IMPORTED = "imported", _("Staff imported")
    EXPORTED = "exported", _("Data exported")
    PRINTED = "printed", _("PDF printed")
    RETENTION_CHANGED = "retention_changed", _("Retention period changed")
    HOLD_PLACED = "hold_placed", _("Legal hold placed")
    HOLD_LIFTED = "hold_lifted", _("Legal hold lifted")
    RECORDS_PURGED = "records_purged", _("Records purged")
    API_TOKEN_ISSUED = "api_token_issued", _("API token issued")
    API_TOKEN_REVOKED = "api_token_revoked", _("API token revoked")
    ACTION_SUBMITTED = "action_submitted", _("“You said, we did” sent for review")
    ACTION_PUBLISHED = "action_published", _("“You said, we did” published")
    ACTION_RETURNED = "action_returned", _("“You said, we did” returned for changes")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    # The username as it was (or as typed, for a failed sign-in): the trail outlives renamed and removed accounts.
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("what"), max_length=20, choices=AuditAction.choices)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    # Plain values that say more: the filters of an export, the counts of an import, the roles before and after.
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["action", "-at"], name="audit_action_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or '-'} {self.get_action_display()}"

    def detail_lines(self) -> list[tuple[str, str]]:
        """The details as (key, value) pairs a person can read, by key (the database keeps no order): a list joined
        by commas, anything nested as JSON, nothing as a dash."""
        details = self.details if isinstance(self.details, dict) else {"": self.details}
        return [(str(key), _readable(details[key])) for key in sorted(details)]


def _readable(value: object) -> str:
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
        return ", ".join(str(item) for item in value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def awaiting(self) -> "InvitationQuerySet":
        """Invitations still owed: not sent, no live worker sending them (serviceculture/mail.py), to an account
        that is active and has no password yet."""
        owed = self.filter(user__is_active=True, user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
        return cast("InvitationQuerySet", mail.not_claimed(owed, sent="sent_at", lease="sending_until"))


class Invitation(models.Model):
    """The email that invites a person whose account an import created to choose a password.

    One row per account, created with the account and never again, so a second import cannot invite twice. It is
    sent once under a lease (serviceculture/mail.py): `sent_at` once the mail server took it, `sending_until`
    while a worker is sending it; the resend job finds what a broker outage or a dead worker left behind.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="invitation"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sending_until = models.DateTimeField(_("sending until"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"


class ImportKind(models.TextChoices):
    EMPLOYEES = "employees", _("Employees")
    DEPARTMENTS = "departments", _("Departments")


class StaffUpload(models.Model):
    """A file uploaded for import, kept between its preview and its confirmation.

    It lives in the database (not the session cookie, not a web server's disk that another process may not
    share) under a random token, is read back and checked again at apply time, and is removed once
    UPLOAD_LIFETIME has passed.
    """

    token = models.CharField(max_length=43, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField()
    deactivate_absent = models.BooleanField(_("deactivate those absent from the file"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.CASCADE, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now, db_index=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)

    class Meta:
        verbose_name = _("uploaded import file")
        verbose_name_plural = _("uploaded import files")

    def __str__(self) -> str:
        return self.filename


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A key another system (a permit system, the 311 desk, a utility portal) uses on the JSON API.

    Only a hash of the secret is kept: the secret is shown once, when the token is issued (accounts/api_tokens.py).
    A token acts for the service points it is scoped to and for nothing else; a revoked token is refused but
    kept, so the invitations it sent still say where they came from.
    """

    name = models.CharField(_("name"), max_length=100, help_text=_("Which system uses it, e.g. the permit system."))
    # The first characters of the secret, shown in the list so a person can tell which token a system holds.
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    service_points = models.ManyToManyField(
        "org.ServicePoint", verbose_name=_("service points"), related_name="api_tokens"
    )
    # Reading residents' responses (GET /api/v1/responses) is a separate grant from inviting, and their contact
    # details (given by residents who asked to be contacted) a further one: a system gets only what it needs.
    may_read_responses = models.BooleanField(_("may read responses"), default=False)
    may_read_contact_details = models.BooleanField(_("may read contact details"), default=False)
    created_at = models.DateTimeField(_("issued"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["revoked_at", "-created_at", "pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
