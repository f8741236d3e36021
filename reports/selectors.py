"""What needs a person's attention now, per role, for their home page.

Each role that a person holds gives a section (a person with several roles sees several):

- a department head: low ratings in the last 7 and 30 days and residents waiting to be contacted (in their
  inbox's scope), published standards not met so far this quarter (the nightly job's figures), overdue
  commitments of the staff they see, evaluations waiting for their review or rating, the finalised evaluations
  of each open cycle waiting for their certification, and 'you said, we did' actions returned to them for
  changes;
- a program admin: 'you said, we did' actions waiting for their review;
- HR (and program admins): the progress of each open cycle as counts per status, and what waits on HR;
- a trainer: the sessions they facilitate today and the next ones;
- an employee: sessions they are invited to, commitments whose follow-up is due, their evaluation to
  self-evaluate or acknowledge.

Every count comes with the address of the list that shows exactly those rows, so the number a person reads
is the number of rows they find. Everything is scoped through org.access by the selectors of each app, and
the number of queries does not grow with the data.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.selectors import awaiting_certification, evaluations_waiting_counts, open_cycle_progress
from evaluations.services.roles import is_hr
from org.access import employee_of, has_role, scope
from org.roles import Role
from reports.models import StandardCompliance
from reports.periods import quarter_start
from serviceculture.dates import local_day_bounds, local_today
from surveys.selectors import contact_requests_waiting, low_response_counts
from training.models import Attendance, Commitment, Session
from training.selectors import overdue_commitments, sessions_facilitated
from yousaid.selectors import returned_count, waiting_for_review_count

NEXT_SESSIONS = 3  # how many of a trainer's coming sessions (after today) the home page lists


@dataclass(frozen=True)
class Attention:
    """One count on the home page and the list that shows those rows."""

    label: str
    count: int
    url: str


@dataclass
class HomeAttention:
    head: list[Attention] = field(default_factory=list)
    hr: list[Attention] = field(default_factory=list)
    cycles: list[dict] = field(default_factory=list)
    admin: list[Attention] = field(default_factory=list)
    trainer: list[Attention] = field(default_factory=list)
    sessions_today: list[Session] = field(default_factory=list)
    next_sessions: list[Session] = field(default_factory=list)
    employee: list[Attention] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # the sections shown, in order


def standards_at_risk(user):
    """The published standards of the person's departments that the current quarter's figures (computed
    nightly) show as not met: still to be turned round before the quarter closes. Empty figures are not at risk."""
    return scope(StandardCompliance.objects.filter(quarter=quarter_start(local_today()), met=False), user)


def _url(name: str, query: dict | None = None, anchor: str = "") -> str:
    return reverse(name) + (f"?{urlencode(query)}" if query else "") + (f"#{anchor}" if anchor else "")


def _evaluations(kind: str) -> str:
    return _url("evaluations:my_evaluations", {"waiting": kind})


def home_attention(user) -> HomeAttention:
    """What waits for this person now, one section per role they hold (see the module's docstring)."""
    home = HomeAttention()
    waiting = evaluations_waiting_counts(user)
    if has_role(user, Role.DEPARTMENT_HEAD):
        home.head = _head_items(user, waiting)
        home.roles.append("head")
    if is_hr(user):
        home.cycles = _cycles_with_links(user)
        home.hr = [Attention(_("Evaluations waiting on HR"), waiting.get("hr", 0), _evaluations("hr"))]
        home.roles.append("hr")
    if has_role(user, Role.TRAINER) and employee_of(user) is not None:
        _fill_trainer(home, user)
        home.roles.append("trainer")
    if employee_of(user) is not None:
        home.employee = _employee_items(user, waiting)
        home.roles.append("employee")
    if (waiting_review := waiting_for_review_count(user)) is not None:
        home.admin = [
            Attention(
                _("“You said, we did” actions waiting for your review"),
                waiting_review,
                _url("yousaid:action_list", {"status": "submitted"}),
            )
        ]
        home.roles.append("admin")
    return home


def _head_items(user, waiting: dict[str, int]) -> list[Attention]:
    today = local_today()
    since = {"week": today - timedelta(days=6), "month": today - timedelta(days=29)}
    low = low_response_counts(user, since=since)
    items = [
        Attention(
            label,
            low[name],
            _url("surveys:inbox", {"low": "true", "submitted_from": since[name].isoformat()}),
        )
        for name, label in (
            ("week", _("Low ratings in the last 7 days")),
            ("month", _("Low ratings in the last 30 days")),
        )
    ]
    items += [
        Attention(_("Residents waiting to be contacted"), contact_requests_waiting(user), _url("surveys:follow_ups")),
        Attention(
            _("Standards not met so far this quarter"),
            standards_at_risk(user).count(),
            _url("reports:standards_at_risk"),
        ),
        Attention(_("Overdue commitments of your staff"), overdue_commitments(user).count(), _url("training:overdue")),
        Attention(_("Evaluations waiting for your review"), waiting.get("review", 0), _evaluations("review")),
    ]
    returned = returned_count(user)
    if returned:
        items.append(
            Attention(
                _("“You said, we did” actions returned to you"),
                returned,
                _url("yousaid:action_list", {"status": "returned"}),
            )
        )
    if waiting.get("rate"):
        items.append(Attention(_("Evaluations for you to rate"), waiting["rate"], _evaluations("rate")))
    items += [
        Attention(
            _("Evaluations waiting for your certification (%(cycle)s)") % {"cycle": cycle["name"]},
            cycle["count"],
            reverse("evaluations:certifications", args=[cycle["id"]]),
        )
        for cycle in awaiting_certification(user)
    ]
    return items


def _cycles_with_links(user) -> list[dict]:
    cycles = open_cycle_progress(user)
    for cycle in cycles:
        for state in cycle["states"]:
            state["url"] = _url("evaluations:evaluation_list", {"cycle": cycle["id"], "status": state["status"]})
    return cycles


def _fill_trainer(home: HomeAttention, user) -> None:
    today = local_today()
    home.sessions_today = list(sessions_facilitated(user, day=today).select_related("module_version"))
    later = local_day_bounds(today, today)[1]
    home.next_sessions = list(
        sessions_facilitated(user).filter(starts_at__gte=later).select_related("module_version")[:NEXT_SESSIONS]
    )
    home.trainer = [
        Attention(
            _("Sessions you facilitate today"),
            len(home.sessions_today),
            _url("training:session_list", {"day": today.isoformat()}),
        )
    ]


def _employee_items(user, waiting: dict[str, int]) -> list[Attention]:
    employee = employee_of(user)
    assert employee is not None  # home_attention asks only for a person with an employee record
    upcoming = Attendance.objects.filter(employee=employee, session__starts_at__gte=timezone.now()).count()
    due = Commitment.objects.filter(employee=employee).due(local_today()).count()
    return [
        Attention(
            _("Training sessions you are invited to"), upcoming, _url("training:my_training", anchor="upcoming-heading")
        ),
        Attention(
            _("Commitments to follow up"),
            due,
            _url("training:my_training", {"commitments": "due"}, anchor="commitments-heading"),
        ),
        Attention(_("Your self-evaluation to write"), waiting.get("self_evaluate", 0), _evaluations("self_evaluate")),
        Attention(_("Your evaluation to acknowledge"), waiting.get("acknowledge", 0), _evaluations("acknowledge")),
    ]
