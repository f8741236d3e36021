"""The retention schedule: for each kind of record, from when its period counts, how long it is kept by
default, and what the purge does once it has passed.

| kind | counted from | default | then |
| --- | --- | --- | --- |
| residents' contact details | the follow-up's closing (last triage event of a response marked responded, spam or deleted; its submission if none) | 90 days | blanked |
| answers and comments | the response's submission | 3 fiscal years | deleted; the response's date, place and status stay |
| triage history | the event | 3 fiscal years | deleted |
| survey link views | the day counted | 3 fiscal years | deleted |
| alerts emailed to staff | the alert, once sent | 180 days | deleted, with digests left empty |
| deleted responses | the deletion | 30 days | deleted with everything on them |
| staff invitation records | the invitation, once no longer owed | 180 days | deleted |
| training records of people who left | the leaving date | 5 years | deleted, their signed-in workshop answers too |
| evaluations of people who left | the leaving date | 6 years | deleted with scores, pay award and change history |
| alert settings of people who left | the leaving date | 90 days | deleted |
| anonymous workshop answers | the answer | 5 years | deleted |
| unpublished actions taken on feedback | the last change (drafts and returned ones) | 2 years | deleted |
| audit trail | the event | 7 fiscal years | deleted |

Published actions taken on feedback are the public record and are kept, like the annual report; an action waiting
for review is kept until it is reviewed.

Day periods end on the day: a follow-up closed on 1 March with 90 days is blanked on 30 May, not on 29 May.
Year periods end on the anniversary of the leaving date. Fiscal-year periods keep a record for that many whole
fiscal years after the one it belongs to: with 3, a response of FY2023 goes on the first day of FY2027.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from reports.periods import fiscal_year_bounds, fiscal_year_of
from retention.models import RecordKind, RetentionPeriod
from serviceculture.dates import add_months, local_day_bounds


class Unit:
    DAYS = "days"
    YEARS = "years"
    FISCAL_YEARS = "fiscal_years"


UNIT_LABELS: dict[str, Promise] = {
    Unit.DAYS: _("days"),
    Unit.YEARS: _("years"),
    Unit.FISCAL_YEARS: _("fiscal years"),
}
LONGEST = {Unit.DAYS: 3650, Unit.YEARS: 50, Unit.FISCAL_YEARS: 50}


@dataclass(frozen=True)
class Rule:
    kind: RecordKind
    unit: str
    default: int
    counted_from: Promise
    then: Promise
    counted_as: Promise  # "%(count)s responses": what the counts on the page and in the run log are counts of

    def count(self, number: int) -> str:
        """`number` of what this kind counts, in the reader's language and grammar ("1 response", "2 responses")."""
        return self.counted_as % {"count": number}


RULES: dict[str, Rule] = {
    rule.kind: rule
    for rule in [
        Rule(
            RecordKind.CONTACT_DETAILS,
            Unit.DAYS,
            90,
            _("the follow-up was closed (marked responded, spam or deleted)"),
            _("name, email and phone are blanked; the response still counts as a follow-up request"),
            ngettext_lazy("%(count)s response", "%(count)s responses", "count"),
        ),
        Rule(
            RecordKind.ANSWERS,
            Unit.FISCAL_YEARS,
            3,
            _("the response was submitted"),
            _("answers and comments are deleted; when, where and how it was answered stay"),
            ngettext_lazy("%(count)s response", "%(count)s responses", "count"),
        ),
        Rule(
            RecordKind.TRIAGE_EVENTS,
            Unit.FISCAL_YEARS,
            3,
            _("staff acted on the response"),
            _("deleted"),
            ngettext_lazy("%(count)s event", "%(count)s events", "count"),
        ),
        Rule(
            RecordKind.LINK_VIEWS,
            Unit.FISCAL_YEARS,
            3,
            _("the day the views were counted"),
            _("deleted"),
            ngettext_lazy("%(count)s link-day", "%(count)s link-days", "count"),
        ),
        Rule(
            RecordKind.ALERTS,
            Unit.DAYS,
            180,
            _("the alert was raised (once it is emailed, alone or in a digest)"),
            _("deleted, with the daily digests left without alerts"),
            ngettext_lazy("%(count)s alert", "%(count)s alerts", "count"),
        ),
        Rule(
            RecordKind.DELETED_RESPONSES,
            Unit.DAYS,
            30,
            _("the response was deleted"),
            _("deleted for good, with its answers and history"),
            ngettext_lazy("%(count)s response", "%(count)s responses", "count"),
        ),
        Rule(
            RecordKind.INVITATIONS,
            Unit.DAYS,
            180,
            _("the invitation was created (once it is sent or no longer owed)"),
            _("deleted"),
            ngettext_lazy("%(count)s invitation", "%(count)s invitations", "count"),
        ),
        Rule(
            RecordKind.TRAINING_OF_LEAVERS,
            Unit.YEARS,
            5,
            _("the employee left"),
            _(
                "attendance, completions, commitments, reflections, signed-in workshop answers, feedback and "
                "certificates are deleted"
            ),
            ngettext_lazy("%(count)s person", "%(count)s people", "count"),
        ),
        Rule(
            RecordKind.EVALUATIONS_OF_LEAVERS,
            Unit.YEARS,
            6,
            _("the employee left"),
            _("evaluations are deleted with their scores, pay awards and change history"),
            ngettext_lazy("%(count)s person", "%(count)s people", "count"),
        ),
        Rule(
            RecordKind.ALERT_SETTINGS_OF_LEAVERS,
            Unit.DAYS,
            90,
            _("the employee left"),
            _("what they were alerted about, how, and their watched words are deleted"),
            ngettext_lazy("%(count)s person", "%(count)s people", "count"),
        ),
        Rule(
            RecordKind.ANONYMOUS_WORKSHOP_ANSWERS,
            Unit.YEARS,
            5,
            _("the answer was written"),
            _("deleted, and taken off the session's wall"),
            ngettext_lazy("%(count)s answer", "%(count)s answers", "count"),
        ),
        Rule(
            RecordKind.UNPUBLISHED_ACTIONS,
            Unit.YEARS,
            2,
            _("the draft or returned action was last changed"),
            _("deleted; published actions are the public record and stay, like the annual report"),
            ngettext_lazy("%(count)s action", "%(count)s actions", "count"),
        ),
        Rule(
            RecordKind.AUDIT_TRAIL,
            Unit.FISCAL_YEARS,
            7,
            _("the event"),
            _("deleted, except while any legal hold is active"),
            ngettext_lazy("%(count)s event", "%(count)s events", "count"),
        ),
    ]
}


def periods() -> dict[str, int]:
    """The period of every kind: the admins' choice where they made one, else the default."""
    chosen = dict(RetentionPeriod.objects.values_list("kind", "period"))
    return {kind: chosen.get(kind, rule.default) for kind, rule in RULES.items()}


def keep_from(*, kind: str, period: int, today: date) -> date:
    """The first local day still kept: a record dated before it has passed its retention date today."""
    unit = RULES[kind].unit
    if unit == Unit.DAYS:
        return today - timedelta(days=period - 1)
    if unit == Unit.YEARS:
        return add_months(today, -12 * period) + timedelta(days=1)
    return fiscal_year_bounds(fiscal_year_of(today) - period)[0]


def keep_from_instant(*, kind: str, period: int, today: date) -> datetime:
    """The same as an aware instant: local midnight at the start of the first day kept."""
    day = keep_from(kind=kind, period=period, today=today)
    return local_day_bounds(day, day)[0]
