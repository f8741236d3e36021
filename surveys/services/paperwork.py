"""Surveys under the Paperwork Reduction Act: warning their owners before the OMB approval expires.

The rules:

- A survey is warned about when it is live, has an OMB control number, and would still be collecting on the
  approval's last day (no closing date, or one on or after the expiry date). Drafts and closed surveys are not.
- Two warnings per approval: 30 days before its expiry and 7 days before (`PAPERWORK_WARNING_DAYS`). A run
  that finds a survey inside a window sends that window's warning; one that finds it inside the last week
  sends only the 7-day warning (a survey made live with 5 days left gets one email, not two).
- Each warning is a PaperworkWarning row, created before the email and sent once under a lease
  (serviceculture/mail.py): the daily task run twice, or two beat schedulers, send one email; a send that
  failed is tried again by the next run while the window lasts; a worker killed mid-send holds its lease
  until it ends, and the next run after that sends it.
- The email goes to the survey's creator (`Survey.created_by`) when that account is active and has an email;
  otherwise (a survey seed_demo or a script made, or a creator who left) to every active program admin with
  an email. With no address at all the warning stays unsent and the next run tries again.
- When the approval expires the survey stops taking answers by itself (`Survey.accepts_answers`): nothing
  here changes its status, so a renewed approval (a new date) opens it again without another step.
"""

import logging
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from accounts.roles import active_program_admins
from serviceculture import mail
from serviceculture.dates import local_today
from serviceculture.links import absolute_url
from surveys.models import PAPERWORK_WARNING_DAYS, PaperworkWarning, Survey, SurveyStatus

log = logging.getLogger(__name__)


def warning_due(days_left: int) -> int | None:
    """The warning owed with `days_left` days of approval left (0 is its last day): the smallest window that
    holds it, or None outside every window and once expired."""
    windows = [days for days in sorted(PAPERWORK_WARNING_DAYS) if 0 <= days_left <= days]
    return windows[0] if windows else None


def surveys_to_warn(*, today: date) -> QuerySet[Survey]:
    """Live surveys whose OMB approval ends within the widest warning window and that would still be
    collecting on its last day."""
    return (
        Survey.objects.filter(status=SurveyStatus.LIVE)
        .exclude(omb_control_number="")
        .filter(omb_expires_on__range=(today, today + timedelta(days=max(PAPERWORK_WARNING_DAYS))))
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=F("omb_expires_on")))
    )


def paperwork_recipients(survey: Survey) -> list[str]:
    """The creator's address, else every active program admin's (see the module's rules)."""
    creator: User | None = survey.created_by
    if creator is not None and creator.is_active and creator.email:
        return [creator.email]
    return sorted({email for email in active_program_admins().values_list("email", flat=True) if email})


def send_paperwork_warnings(*, today: date | None = None) -> int:
    """Create the warnings due today and send each once. Returns the emails this run sent."""
    today = today or local_today()
    due = []
    for survey_id, expires_on in surveys_to_warn(today=today).values_list("pk", "omb_expires_on"):
        days_before = warning_due((expires_on - today).days) if expires_on else None  # the filter sets it
        if expires_on and days_before is not None:
            due.append(PaperworkWarning(survey_id=survey_id, expires_on=expires_on, days_before=days_before))
    PaperworkWarning.objects.bulk_create(due, ignore_conflicts=True)
    sent = 0
    for warning in due:
        try:
            sent += send_paperwork_warning(
                survey_id=warning.survey_id, expires_on=warning.expires_on, days_before=warning.days_before, today=today
            )
        except Exception:  # the mail server may refuse anything; the next run tries again
            log.exception("PRA warning for survey %s failed; the next run tries again", warning.survey_id)
    return sent


def send_paperwork_warning(*, survey_id: int, expires_on: date, days_before: int, today: date) -> bool:
    """Send one warning under its lease; whether this call sent it."""
    rows = PaperworkWarning.objects.filter(survey_id=survey_id, expires_on=expires_on, days_before=days_before)
    return mail.send_once(
        rows, sent="sent_at", lease="sending_until", send=lambda: _send_warning(rows, survey_id=survey_id, today=today)
    )


def _send_warning(rows: QuerySet[PaperworkWarning], *, survey_id: int, today: date) -> bool:
    survey = Survey.objects.select_related("created_by").get(pk=survey_id)
    recipients = paperwork_recipients(survey)
    if not recipients or survey.omb_expires_on is None:
        log.warning("PRA warning for survey %s has nobody to go to: no creator or program admin email", survey_id)
        return False
    rows.update(sent_to=", ".join(recipients))
    context = {
        "survey": survey,
        "days_left": (survey.omb_expires_on - today).days,
        "last_day": survey.omb_expires_on,
        "link": absolute_url(survey.get_absolute_url()),
        "to_creator": recipients == [getattr(survey.created_by, "email", None)],
    }
    send_mail(
        subject=_("OMB approval of “%(title)s” expires on %(date)s")
        % {"title": survey, "date": survey.omb_expires_on.isoformat()},
        message=render_to_string("surveys/email/paperwork_warning.txt", context),
        from_email=None,
        recipient_list=recipients,
    )
    return True
