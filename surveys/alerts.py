"""Alerts: emails to department heads and customer relations representatives about what residents said.

The rules:

- A department head or a representative chooses on their own settings page (`save_alert_settings`), for each
  AlertKind, to be emailed at once, in a daily digest, or not at all, keeps a list of watched words, and picks
  the language of the emails.
- Who is told about a response: the heads and representatives of its department and of every department
  above it who asked for that kind, and only if the response is within their scope (org.access), so every
  link in an email opens. A representative's scope holds only residents who asked to be contacted.
- The kinds: a resident asks to be contacted; a low response (`Response.objects.with_low_score()`, the one
  definition); a comment matching a watched word (surveys/matching.py); a published standard missed for a
  finished quarter (raised by the reports app's nightly job through `raise_standard_alerts`).
- Told once: an `Alert` row per (person, kind, response) or (person, kind, standard, quarter), under a unique
  constraint, so raising an event again creates nothing. An immediate alert is then emailed under its own
  lease (serviceculture/mail.py): a task run twice, a retry or two workers send it once, and a failed send
  is given back for the retry. Digest alerts are attached to the person's digest of the day only once that
  digest is claimed, and the digest is sent once the same way: an alert is in exactly one digest.
- An email carries no more personal data than a person needs to act: where and when, why, and a link to the
  response; never the resident's name, address, phone or comment (a watched-word alert names the words).
- Nothing here runs on the resident's submit path: `submit_response` queues surveys.send_response_alerts after
  commit.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from org.access import has_role, scope
from org.models import Department, ServiceStandard
from org.roles import Role
from serviceculture import mail
from serviceculture.dates import local_today
from serviceculture.links import absolute_url
from surveys.matching import matching_terms
from surveys.models import Alert, AlertDelivery, AlertDigest, AlertKind, AlertSettings, Response

log = logging.getLogger(__name__)

ALERT_ROLES = (Role.DEPARTMENT_HEAD, Role.CUSTOMER_RELATIONS)
RESPONSE_KINDS = (AlertKind.CONTACT_REQUEST, AlertKind.LOW_RESPONSE, AlertKind.WATCHED_WORD)
# How far back the resend job looks for responses whose alerts were never raised: long enough to outlast a
# broker outage, short enough that a reader is not told of a week-old response as news.
RAISE_WITHIN = timedelta(days=2)


def kinds_for(user: User) -> list[AlertKind]:
    """The kinds a person may ask for: standards are a head's (a representative's scope holds no standards)."""
    if has_role(user, Role.DEPARTMENT_HEAD):
        return list(AlertKind)
    return list(RESPONSE_KINDS)


def settings_of(user: User) -> AlertSettings:
    """The person's settings as stored, or unsaved defaults (everything off)."""
    return AlertSettings.objects.filter(user=user).first() or AlertSettings(user=user)


@transaction.atomic
def save_alert_settings(*, by: User, deliveries: dict[str, str], watched_words: str, language: str) -> AlertSettings:
    """Store what `by` wants to be told about, for themselves only."""
    allowed = {kind.value for kind in kinds_for(by)}
    if any(kind not in allowed or value not in AlertDelivery.values for kind, value in deliveries.items()):
        raise ValidationError(_("Choose how to be told about each kind of alert."))
    alert_settings = AlertSettings.objects.select_for_update().filter(user=by).first() or AlertSettings(user=by)
    for kind in AlertKind:
        setattr(alert_settings, kind.value, deliveries.get(kind.value, AlertDelivery.OFF))
    alert_settings.watched_words = "\n".join(line.strip() for line in watched_words.splitlines() if line.strip())
    alert_settings.language = language
    alert_settings.full_clean()
    alert_settings.save()
    return alert_settings


# --- Raising alerts ------------------------------------------------------------------------------------------


def _subscribers(department: Department) -> list[AlertSettings]:
    """The settings of the heads and representatives of the department and the departments above it."""
    chain = [*department.ancestors(), department]
    people = Q(user__employee__headed_departments__in=chain) | Q(user__employee__represented_departments__in=chain)
    return list(AlertSettings.objects.filter(people, user__is_active=True).select_related("user").distinct())


def _response_events(response: Response, subscriber: AlertSettings, is_low: bool, texts: list[str]) -> list[Alert]:
    events: list[tuple[AlertKind, list[str]]] = []
    if response.wants_contact:
        events.append((AlertKind.CONTACT_REQUEST, []))
    if is_low:
        events.append((AlertKind.LOW_RESPONSE, []))
    if words := matching_terms(texts, subscriber.watched_terms()):
        events.append((AlertKind.WATCHED_WORD, words))
    return [
        Alert(recipient=subscriber.user, kind=kind, delivery=subscriber.delivery(kind), response=response, words=words)
        for kind, words in events
        if subscriber.delivery(kind) != AlertDelivery.OFF
    ]


def raise_response_alerts(*, response_id: int) -> list[int]:
    """Create the alerts a stored response calls for (none twice) and mark the response as done; returns the ids
    of the immediate ones not yet sent."""
    response = Response.objects.reportable().select_related("department").filter(pk=response_id).first()
    if response is None:
        return []
    with transaction.atomic():
        _create_response_alerts(response)
        Response.objects.filter(pk=response_id).update(alerts_raised_at=timezone.now())
    return _immediate_unsent(Alert.objects.filter(response_id=response_id))


def raise_missed_response_alerts(*, stored_before: datetime) -> list[int]:
    """Raise the alerts of the responses of the last RAISE_WITHIN whose task never ran (the broker was down when
    they were stored, or the task gave up); the newest are left to their task. Returns the ids of the immediate
    alerts not yet sent."""
    missed = Response.objects.reportable().filter(
        alerts_raised_at__isnull=True, submitted_at__gte=stored_before - RAISE_WITHIN, submitted_at__lt=stored_before
    )
    raised = []
    for response_id in missed.values_list("pk", flat=True):
        raised.extend(raise_response_alerts(response_id=response_id))
    return raised


def _create_response_alerts(response: Response) -> None:
    response_id = response.pk
    subscribers = _subscribers(response.department)
    if not subscribers:
        return
    is_low = Response.objects.filter(pk=response_id).with_low_score().exists()
    texts = [text for text in response.answers.values_list("text", flat=True) if text]
    alerts = []
    for subscriber in subscribers:
        if scope(Response.objects.filter(pk=response_id), subscriber.user).exists():
            alerts.extend(_response_events(response, subscriber, is_low, texts))
    Alert.objects.bulk_create(alerts, ignore_conflicts=True)


def raise_standard_alerts(*, standard: ServiceStandard, quarter: date) -> list[int]:
    """Create the alerts for a standard missed in a quarter (the reports app decides it was missed); returns the
    ids of the immediate ones not yet sent."""
    alerts = []
    for subscriber in _subscribers(standard.department):
        delivery = subscriber.delivery(AlertKind.STANDARD_MISSED)
        visible = scope(ServiceStandard.objects.filter(pk=standard.pk), subscriber.user).exists()
        if delivery != AlertDelivery.OFF and visible and has_role(subscriber.user, Role.DEPARTMENT_HEAD):
            alerts.append(
                Alert(
                    recipient=subscriber.user,
                    kind=AlertKind.STANDARD_MISSED,
                    delivery=delivery,
                    standard=standard,
                    quarter=quarter,
                )
            )
    Alert.objects.bulk_create(alerts, ignore_conflicts=True)
    return _immediate_unsent(Alert.objects.filter(standard=standard, quarter=quarter))


def _immediate_unsent(alerts) -> list[int]:
    return list(alerts.filter(delivery=AlertDelivery.IMMEDIATE, sent_at__isnull=True).values_list("pk", flat=True))


# --- What an email says --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlertLine:
    """One alert as an email shows it: what happened, where, when, and the link to it."""

    headline: str
    place: str
    when: str
    link: str
    link_label: str
    words: list[str]


def describe(alert: Alert) -> AlertLine:
    """In the active language. Names no resident and quotes no comment."""
    if alert.standard is not None and alert.quarter is not None:
        standard = alert.standard
        query = f"?department={standard.department_id}&period=q{alert.quarter.isoformat()}"
        return AlertLine(
            headline=_("Standard missed: %(standard)s") % {"standard": standard.title},
            place=standard.department.name,
            when=_("the quarter from %(start)s") % {"start": date_format(alert.quarter, "DATE_FORMAT")},
            link=absolute_url(reverse("reports:dashboard") + query),
            link_label=_("Open the dashboard for that quarter"),
            words=[],
        )
    response = alert.response
    assert response is not None  # the table's check constraint: an alert is about a response or a standard
    headlines = {
        AlertKind.CONTACT_REQUEST: _("A resident asked to be contacted"),
        AlertKind.LOW_RESPONSE: _("A low response"),
        AlertKind.WATCHED_WORD: _("A comment contains a watched word"),
    }
    return AlertLine(
        headline=headlines[AlertKind(alert.kind)],
        place=f"{response.service_point.name} ({response.department.name})",
        when=date_format(timezone.localtime(response.submitted_at), "DATETIME_FORMAT"),
        link=absolute_url(response.get_absolute_url()),
        link_label=_("Open the response"),
        words=alert.words,
    )


def _alerts_with_places():
    return Alert.objects.select_related(
        "response__service_point", "response__department", "standard__department", "recipient__alert_settings"
    )


def _send(recipient: User, subject: str, template: str, context: dict) -> bool:
    if not recipient.email:
        log.warning("user %s has alerts but no email address", recipient.pk)
        return False
    message = EmailMultiAlternatives(
        subject=subject, body=render_to_string(f"surveys/email/{template}.txt", context), to=[recipient.email]
    )
    message.attach_alternative(render_to_string(f"surveys/email/{template}.html", context), "text/html")
    message.send()
    return True


def _settings_link() -> str:
    return absolute_url(reverse("surveys:alert_settings"))


def _language(recipient: User) -> str:
    return getattr(getattr(recipient, "alert_settings", None), "language", "") or "en"


def alert_email(alert: Alert) -> tuple[str, dict]:
    """The subject and template context of an immediate alert's email, in the recipient's language."""
    with translation.override(_language(alert.recipient)):
        line = describe(alert)
        subject = _("[ServiceCulture] %(headline)s") % {"headline": line.headline}
    return subject, {"line": line, "language": _language(alert.recipient), "settings_link": _settings_link()}


# --- Sending -------------------------------------------------------------------------------------------------


def send_alert(*, alert_id: int) -> bool:
    """Email one immediate alert once, under its lease. Returns whether this call sent it."""
    return mail.send_once(
        Alert.objects.filter(pk=alert_id, delivery=AlertDelivery.IMMEDIATE),
        sent="sent_at",
        lease="sending_until",
        send=lambda: _send_alert(alert_id),
    )


def _send_alert(alert_id: int) -> bool:
    alert = _alerts_with_places().get(pk=alert_id)
    subject, context = alert_email(alert)
    with translation.override(context["language"]):
        return _send(alert.recipient, subject, "alert", context)


def resend_alerts(*, older_than: datetime) -> int:
    """Send the immediate alerts a failed send, a lost task or a dead worker left unsent (the newest are left to
    their task); a failure is logged and left for the next run. Returns how many went out."""
    rows = mail.not_claimed(
        Alert.objects.filter(delivery=AlertDelivery.IMMEDIATE), sent="sent_at", lease="sending_until"
    )
    return send_each(rows.filter(created_at__lt=older_than).values_list("pk", flat=True))


def send_each(alert_ids: Iterable[int]) -> int:
    """Send each immediate alert once; a failure is logged and left for the resend job. Returns how many went out."""
    sent = 0
    for alert_id in alert_ids:
        try:
            sent += send_alert(alert_id=alert_id)
        except Exception:
            log.warning("alert %s failed; will retry", alert_id, exc_info=True)
    return sent


def send_digests(*, day: date | None = None) -> int:
    """Send each person their digest of the alerts not yet in one: today's digest, and any earlier one whose
    send failed. Running it again the same day sends nothing new. Returns how many digests went out."""
    day = day or local_today()
    pending = Alert.objects.filter(delivery=AlertDelivery.DIGEST, digest__isnull=True)
    for recipient_id in set(pending.values_list("recipient_id", flat=True)):
        AlertDigest.objects.get_or_create(recipient_id=recipient_id, day=day)
    owed = mail.not_claimed(AlertDigest.objects.all(), sent="sent_at", lease="sending_until")
    sent = 0
    for digest_id in owed.order_by("day").values_list("pk", flat=True):
        try:
            sent += send_digest(digest_id=digest_id)
        except Exception:
            log.warning("alert digest %s failed; will retry", digest_id, exc_info=True)
    return sent


def send_digest(*, digest_id: int) -> bool:
    return mail.send_once(
        AlertDigest.objects.filter(pk=digest_id),
        sent="sent_at",
        lease="sending_until",
        send=lambda: _send_digest(digest_id),
    )


def _send_digest(digest_id: int) -> bool:
    """Runs under the digest's lease: the alerts attached now are the ones this email lists."""
    digest = AlertDigest.objects.select_related("recipient__alert_settings").get(pk=digest_id)
    Alert.objects.filter(recipient=digest.recipient, delivery=AlertDelivery.DIGEST, digest__isnull=True).update(
        digest=digest
    )
    alerts = list(_alerts_with_places().filter(digest=digest))
    if not alerts:
        return False
    language = _language(digest.recipient)
    with translation.override(language):
        lines = [describe(alert) for alert in alerts]
        subject = _("[ServiceCulture] Your alerts of %(day)s") % {"day": digest.day.isoformat()}
        context = {"lines": lines, "day": digest.day, "settings_link": _settings_link()}
        return _send(digest.recipient, subject, "alert_digest", context)
