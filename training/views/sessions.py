"""Session pages for trainers: the list, scheduling, the roster, self check-in and its QR code, attendance,
and reading what attendees wrote (choosing reflections for the wall)."""

from datetime import date, timedelta

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from django.views.generic.detail import SingleObjectMixin

from org.access import RoleRequiredMixin, ScopedQuerysetMixin, employee_of, may_change
from org.models import Employee
from serviceculture.errors import add_to_form, reported
from serviceculture.links import absolute_url
from serviceculture.types import SignedInRequest
from serviceculture.untrusted import parse_id, safe_next
from training.forms import RosterAddForm, SessionForm
from training.models import CREDITED_STATUSES, MAX_MINUTES, TRAINING_ROLES, AttendanceStatus, Reflection, Session
from training.selectors import feedback_averages, roster_of, sessions_facilitated
from training.services.learning import set_on_wall
from training.services.sessions import (
    add_departments_to_roster,
    add_to_roster,
    mark_all_present,
    record_attendance,
    remove_from_roster,
    schedule_session,
    set_check_in,
)


def _day_of(value: str) -> date | None:
    try:
        return parse_date(value)
    except ValueError:  # well formed but no such day, e.g. 2026-02-31
        return None


class SessionListView(ScopedQuerysetMixin, ListView):
    """Sessions not over yet, all of them, soonest first; past sessions a page at a time, newest first."""

    model = Session
    allowed_roles = TRAINING_ROLES
    template_name = "training/session_list.html"
    paginate_by = 25

    def sessions(self):
        return (
            self.narrowed(super().get_queryset())
            .select_related("module_version", "facilitator")
            .annotate(
                roster=Count("attendances"),
                came=Count("attendances", filter=Q(attendances__status__in=CREDITED_STATUSES)),
            )
        )

    def narrowed(self, sessions):
        """`?day=YYYY-MM-DD` keeps the sessions the person facilitates that start that local day (the home
        page's "today" count links here); anything but a day is ignored."""
        self.day = _day_of(self.request.GET.get("day", ""))
        if self.day is None:
            return sessions
        return sessions.filter(pk__in=sessions_facilitated(self.request.user, day=self.day).values("pk"))

    def get_queryset(self):
        now = timezone.now()
        # A session started more than the longest possible duration ago is over; the rest are checked one by one.
        recent = self.sessions().filter(starts_at__gt=now - timedelta(minutes=MAX_MINUTES)).order_by("starts_at")
        self.upcoming = [session for session in recent if session.ends_at >= now]
        return self.sessions().exclude(pk__in=[session.pk for session in self.upcoming]).order_by("-starts_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(upcoming=self.upcoming, day=self.day, **kwargs)


class SessionCreateView(RoleRequiredMixin, FormView):
    request: SignedInRequest  # behind RoleRequiredMixin: always signed in
    allowed_roles = TRAINING_ROLES
    form_class = SessionForm
    template_name = "training/session_form.html"

    def get_initial(self):
        # A trainer schedules the sessions they facilitate: start from themselves.
        return {"facilitator": employee_of(self.request.user)}

    def form_valid(self, form):
        data = form.cleaned_data
        if not may_change(Session(facilitator=data["facilitator"]), self.request.user):
            form.add_error("facilitator", _("You can schedule only sessions you facilitate."))
            return self.form_invalid(form)
        try:
            session = schedule_session(
                module_version=data["module_version"],
                facilitator=data["facilitator"],
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                location=data["location"],
                video_link=data["video_link"],
                capacity=data["capacity"],
                invited_departments=data["invited_departments"],
                reflection_prompt=data["reflection_prompt"],
                by=self.request.user,
            )
        except ValidationError as error:
            add_to_form(error, form)
            return self.form_invalid(form)
        messages.success(self.request, _("The session is scheduled. Now build its roster."))
        return redirect(session)


class SessionMixin(ScopedQuerysetMixin):
    """A trainer's page about one session, fetched in one query with what every such page shows. Every
    training role reads it; a POST is a 403 unless the person may change it (its facilitator, a coordinator:
    `Session.access_change_roles` in org.access), so each of the session's forms is checked here."""

    model = Session
    allowed_roles = TRAINING_ROLES
    context_object_name = "session"
    object: Session  # set by the detail views' get() before the context is built

    def get_queryset(self):
        return super().get_queryset().select_related("module_version", "facilitator")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_change=may_change(self.object, self.request.user), **kwargs)


class SessionDetailView(SessionMixin, DetailView):
    """The roster: who is invited, adding people by department or one by one, and the QR check-in."""

    request: SignedInRequest  # behind RoleRequiredMixin: always signed in
    template_name = "training/session_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            roster=list(roster_of(self.object)),
            invited=list(self.object.invited_departments.all()),
            add_form=kwargs.pop("add_form", None) or RosterAddForm(),
            check_in_url=absolute_url(reverse("training:check_in", args=[self.object.check_in_code])),
            attendance_open=self.object.attendance_open(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = RosterAddForm(request.POST)
        if form.is_valid():
            try:
                added = self.add(form.cleaned_data)
            except ValidationError as error:
                add_to_form(error, form)
            else:
                messages.success(request, _("%(count)s added to the roster.") % {"count": added})
                return redirect(self.object)
        return self.render_to_response(self.get_context_data(add_form=form))

    def add(self, data) -> int:
        added = 0
        if data["departments"]:
            added += add_departments_to_roster(
                session=self.object, departments=data["departments"], by=self.request.user
            )
        if data["employee"]:
            added += add_to_roster(session=self.object, employees=[data["employee"]], by=self.request.user)
        return added


class RosterRemoveView(SessionMixin, SingleObjectMixin, View):
    def post(self, request, *args, **kwargs):
        session = self.get_object()
        employee = get_object_or_404(Employee, pk=parse_id(request.POST.get("employee")))
        remove_from_roster(session=session, employee=employee, by=request.user)
        messages.success(request, _("%(name)s is off the roster.") % {"name": employee.full_name})
        return redirect(session)


class CheckInToggleView(SessionMixin, SingleObjectMixin, View):
    def post(self, request, *args, **kwargs):
        session = self.get_object()
        with reported(request):
            set_check_in(session=session, open=request.POST.get("open") == "1", by=request.user)
        return redirect(safe_next(request, session.get_absolute_url()))


class SessionQRView(SessionMixin, DetailView):
    """The session's check-in QR code as an SVG, for the screen at the front of the room."""

    def render_to_response(self, context, **kwargs):
        url = absolute_url(reverse("training:check_in", args=[self.object.check_in_code]))
        response = HttpResponse(content_type="image/svg+xml")
        # A standalone SVG document (with its namespace), which browsers draw inside an <img>.
        # segno writes to anything with a write() (its docs: a filename or a file-like object); its stubs ask
        # for an IO, which an HttpResponse is not.
        segno.make(url, error="m").save(response, kind="svg", scale=6, title=_("QR code to check in"))  # type: ignore[arg-type]
        return response


class AttendanceView(SessionMixin, DetailView):
    """Take attendance on a phone: one row of four buttons per person, saved at once; or "mark all present"
    first, then the exceptions. Both open `Session.attendance_opens_at`; before then the buttons say when."""

    template_name = "training/attendance.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            roster=list(roster_of(self.object)),
            choices=[c for c in AttendanceStatus.choices if c[0] != "invited"],
            attendance_open=self.object.attendance_open(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if request.POST.get("mark_all_present"):
            with reported(request) as outcome:
                marked = mark_all_present(session=self.object, by=request.user)
            if outcome.ok:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s person marked present. Now mark anyone absent, late or excused.",
                        "%(count)s people marked present. Now mark anyone absent, late or excused.",
                        marked,
                    )
                    % {"count": marked},
                )
            return redirect("training:attendance", pk=self.object.pk)
        on_roster = set(self.object.attendances.values_list("employee_id", flat=True))
        statuses = {
            employee_id: request.POST[f"status-{employee_id}"]
            for employee_id in on_roster
            if request.POST.get(f"status-{employee_id}")
        }
        with reported(request, _("Attendance saved.")):
            record_attendance(session=self.object, statuses=statuses, by=request.user)
        return redirect("training:attendance", pk=self.object.pk)


class SessionReflectionsView(SessionMixin, DetailView):
    """The trainer reads reflections and feedback and picks which reflections go on the wall."""

    template_name = "training/reflections.html"

    def get_context_data(self, **kwargs):
        feedback = list(self.object.feedback.select_related("employee"))
        return super().get_context_data(
            reflections=list(self.object.reflections.select_related("employee")),
            feedback=feedback,
            **feedback_averages(self.object, count=len(feedback)),
            commitments=list(self.object.commitments.select_related("employee")),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        session = self.get_object()
        reflection = get_object_or_404(Reflection, pk=parse_id(request.POST.get("reflection")), session=session)
        set_on_wall(reflection=reflection, on_wall=request.POST.get("on_wall") == "1", by=request.user)
        return redirect("training:reflections", pk=session.pk)
