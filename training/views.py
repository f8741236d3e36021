"""Training pages. Thin: parse input, check access through org.access, call a service, render."""

from datetime import timedelta
from decimal import Decimal

import segno
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView
from django_tables2 import DateColumn, SingleTableMixin

from org.access import (
    RoleRequiredMixin,
    ScopedQuerysetMixin,
    employee_of,
    get_visible_or_404,
    has_role,
    scope,
    visible_departments,
)
from org.models import Department, Employee
from org.roles import Role
from serviceculture.errors import add_to_form
from serviceculture.links import absolute_url
from serviceculture.spreadsheets import csv_download
from serviceculture.untrusted import parse_id, safe_next
from training import services
from training.filters import CoverageFilter
from training.forms import (
    FeedbackForm,
    FollowUpForm,
    ModuleForm,
    RosterAddForm,
    SessionForm,
    TalkingPointFormSet,
    WrapUpForm,
    talking_points_of,
)
from training.models import (
    CREDITED_STATUSES,
    MAX_MINUTES,
    TRAINING_ROLES,
    Attendance,
    AttendanceStatus,
    Certificate,
    Commitment,
    Module,
    ModuleCompletion,
    ModuleVersion,
    Program,
    Reflection,
    Session,
    SessionFeedback,
)
from training.summaries import employee_training
from training.tables import CoverageTable, OverdueCommitmentTable

COVERAGE_ROLES = (Role.PROGRAM_ADMIN, Role.HR, Role.TRAINER, Role.DEPARTMENT_HEAD)


class EmployeeRequiredMixin(LoginRequiredMixin):
    """Pages about one's own training: the signed-in user must be linked to an employee record."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.employee = employee_of(request.user)
            if self.employee is None:
                raise Http404("No employee record for this account.")
        return super().dispatch(request, *args, **kwargs)


# --- Modules -----------------------------------------------------------------------------------------


class ModuleListView(ScopedQuerysetMixin, ListView):
    model = Module
    allowed_roles = TRAINING_ROLES
    template_name = "training/module_list.html"

    def get_queryset(self):
        return super().get_queryset().prefetch_related(
            Prefetch("versions", queryset=ModuleVersion.objects.order_by("-number"))
        )


class ModuleDetailView(ScopedQuerysetMixin, DetailView):
    model = Module
    allowed_roles = TRAINING_ROLES
    template_name = "training/module_detail.html"

    def get_context_data(self, **kwargs):
        versions = list(self.object.versions.annotate(session_count=Count("sessions")).order_by("-number"))
        return super().get_context_data(versions=versions, latest=versions[0] if versions else None, **kwargs)


class ModuleEditMixin(RoleRequiredMixin):
    """Create and edit share one form: the module's fields and a formset of talking points."""

    allowed_roles = TRAINING_ROLES
    template_name = "training/module_form.html"
    module = None

    def prepare(self) -> None:
        """Load what the page edits (after the role check, so a wrong role is a 403, not a 404)."""

    def get(self, request, *args, **kwargs):
        self.prepare()
        return self.render(*self.blank_forms())

    def post(self, request, *args, **kwargs):
        self.prepare()
        form = ModuleForm(request.POST, editing=self.module is not None)
        points = TalkingPointFormSet(request.POST, prefix="points")
        if form.is_valid() and points.is_valid():
            content = {**form.content(), "talking_points": talking_points_of(points)}
            try:
                version = self.save(form, content)
            except ValidationError as error:
                add_to_form(error, form)
            else:
                messages.success(request, _("Saved as a draft (version %(n)s).") % {"n": version.number})
                return redirect(version.module)
        return self.render(form, points)

    def render(self, form, points):
        return render(self.request, self.template_name, {"form": form, "points": points, "module": self.module})


class ModuleCreateView(ModuleEditMixin, View):
    def blank_forms(self):
        return ModuleForm(), TalkingPointFormSet(prefix="points")

    def save(self, form, content):
        return services.create_module(slug=form.cleaned_data["slug"], content=content)


class ModuleUpdateView(ModuleEditMixin, View):
    def prepare(self) -> None:
        self.module = get_visible_or_404(Module.objects.all(), self.request.user, pk=self.kwargs["pk"])

    def blank_forms(self):
        latest = self.module.latest_version()
        initial = {field: getattr(latest, field) for field in services.CONTENT_FIELDS if field != "talking_points"}
        return ModuleForm(initial=initial, editing=True), TalkingPointFormSet(
            initial=latest.talking_points, prefix="points"
        )

    def save(self, form, content):
        return services.edit_module(module=self.module, content=content)


class ModulePublishView(RoleRequiredMixin, View):
    allowed_roles = TRAINING_ROLES

    def post(self, request, pk):
        module = get_visible_or_404(Module.objects.all(), request.user, pk=pk)
        try:
            version = services.publish_module(module=module)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Version %(n)s is published.") % {"n": version.number})
        return redirect(module)


class FacilitatorGuideView(ScopedQuerysetMixin, DetailView):
    """A printable page of one version with a running clock per segment."""

    model = ModuleVersion
    allowed_roles = TRAINING_ROLES
    template_name = "training/guide.html"
    context_object_name = "version"


# --- Self-paced --------------------------------------------------------------------------------------


class LearnListView(EmployeeRequiredMixin, ListView):
    """Modules an employee can take alone: the current published version of each."""

    template_name = "training/learn_list.html"
    context_object_name = "versions"

    def get_queryset(self):
        return ModuleVersion.objects.current().order_by("title")

    def get_context_data(self, **kwargs):
        done = set(
            ModuleCompletion.objects.filter(employee=self.employee).values_list("module_version__module_id", flat=True)
        )
        return super().get_context_data(done=done, **kwargs)


class LearnView(EmployeeRequiredMixin, TemplateView):
    """A module page by page: objectives, each talking point, the exercise and tips, then the wrap-up."""

    template_name = "training/learn.html"

    @cached_property
    def version(self) -> ModuleVersion:
        return get_object_or_404(ModuleVersion.objects.published(), pk=self.kwargs["pk"])

    def page_count(self) -> int:
        return len(self.version.talking_points) + 3

    def get_context_data(self, form=None, **kwargs):
        count = self.page_count()
        number = self.kwargs.get("page", 1)
        if not 1 <= number <= count:
            raise Http404("No such page.")
        point_index = number - 2
        return super().get_context_data(
            version=self.version,
            number=number,
            count=count,
            point=self.version.talking_points[point_index] if 0 <= point_index < len(self.version.talking_points)
            else None,
            is_exercise=number == count - 1,
            is_last=number == count,
            form=form or WrapUpForm(version=self.version),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = WrapUpForm(request.POST, version=self.version)
        if not form.is_valid():
            self.kwargs["page"] = self.page_count()
            return self.render_to_response(self.get_context_data(form=form))
        services.complete_self_paced(
            module_version=self.version, employee=self.employee, wrap_up_answers=form.answers(),
            commitment=form.cleaned_data["commitment"],
        )
        messages.success(request, _("Well done: the module is complete and your commitment is saved."))
        return redirect("training:my_training")


# --- Sessions ----------------------------------------------------------------------------------------


class SessionListView(ScopedQuerysetMixin, ListView):
    """Sessions not over yet, all of them, soonest first; past sessions a page at a time, newest first."""

    model = Session
    allowed_roles = TRAINING_ROLES
    template_name = "training/session_list.html"
    paginate_by = 25

    def sessions(self):
        return (
            super()
            .get_queryset()
            .select_related("module_version", "facilitator")
            .annotate(
                roster=Count("attendances"),
                came=Count("attendances", filter=Q(attendances__status__in=CREDITED_STATUSES)),
            )
        )

    def get_queryset(self):
        now = timezone.now()
        # A session started more than the longest possible duration ago is over; the rest are checked one by one.
        recent = self.sessions().filter(starts_at__gt=now - timedelta(minutes=MAX_MINUTES)).order_by("starts_at")
        self.upcoming = [session for session in recent if session.ends_at >= now]
        return self.sessions().exclude(pk__in=[session.pk for session in self.upcoming]).order_by("-starts_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(upcoming=self.upcoming, **kwargs)


class SessionCreateView(RoleRequiredMixin, FormView):
    allowed_roles = TRAINING_ROLES
    form_class = SessionForm
    template_name = "training/session_form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            session = services.schedule_session(
                module_version=data["module_version"], facilitator=data["facilitator"], starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"], location=data["location"], video_link=data["video_link"],
                capacity=data["capacity"], invited_departments=data["invited_departments"],
                reflection_prompt=data["reflection_prompt"],
            )
        except ValidationError as error:
            add_to_form(error, form)
            return self.form_invalid(form)
        messages.success(self.request, _("The session is scheduled. Now build its roster."))
        return redirect(session)


class SessionMixin(ScopedQuerysetMixin):
    """A trainer's page about one session, fetched in one query with what every such page shows."""

    model = Session
    allowed_roles = TRAINING_ROLES
    context_object_name = "session"

    def get_queryset(self):
        return super().get_queryset().select_related("module_version", "facilitator")


def _roster(session: Session):
    return session.attendances.select_related("employee__department").order_by(
        "employee__last_name", "employee__first_name"
    )


class SessionDetailView(SessionMixin, DetailView):
    """The roster: who is invited, adding people by department or one by one, and the QR check-in."""

    template_name = "training/session_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            roster=list(_roster(self.object)),
            invited=list(self.object.invited_departments.all()),
            add_form=kwargs.pop("add_form", None) or RosterAddForm(),
            check_in_url=absolute_url(reverse("training:check_in", args=[self.object.check_in_code])),
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
            added += services.add_departments_to_roster(session=self.object, departments=data["departments"])
        if data["employee"]:
            added += services.add_to_roster(session=self.object, employees=[data["employee"]])
        return added


class RosterRemoveView(SessionMixin, SingleObjectMixin, View):
    def post(self, request, *args, **kwargs):
        session = self.get_object()
        employee = get_object_or_404(Employee, pk=parse_id(request.POST.get("employee")))
        services.remove_from_roster(session=session, employee=employee)
        messages.success(request, _("%(name)s is off the roster.") % {"name": employee.full_name})
        return redirect(session)


class CheckInToggleView(SessionMixin, SingleObjectMixin, View):
    def post(self, request, *args, **kwargs):
        session = self.get_object()
        services.set_check_in(session=session, open=request.POST.get("open") == "1")
        return redirect(safe_next(request, session.get_absolute_url()))


class SessionQRView(SessionMixin, DetailView):
    """The session's check-in QR code as an SVG, for the screen at the front of the room."""

    def render_to_response(self, context, **kwargs):
        url = absolute_url(reverse("training:check_in", args=[self.object.check_in_code]))
        response = HttpResponse(content_type="image/svg+xml")
        # A standalone SVG document (with its namespace), which browsers draw inside an <img>.
        segno.make(url, error="m").save(response, kind="svg", scale=6, title=_("QR code to check in"))
        return response


class AttendanceView(SessionMixin, DetailView):
    """Take attendance on a phone: one row of four buttons per person, saved at once."""

    template_name = "training/attendance.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            roster=list(_roster(self.object)), choices=[c for c in AttendanceStatus.choices if c[0] != "invited"],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        on_roster = set(self.object.attendances.values_list("employee_id", flat=True))
        statuses = {
            employee_id: request.POST[f"status-{employee_id}"]
            for employee_id in on_roster
            if request.POST.get(f"status-{employee_id}")
        }
        try:
            services.record_attendance(session=self.object, statuses=statuses)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Attendance saved."))
        return redirect("training:attendance", pk=self.object.pk)


class SessionReflectionsView(SessionMixin, DetailView):
    """The trainer reads reflections and feedback and picks which reflections go on the wall."""

    template_name = "training/reflections.html"

    def get_context_data(self, **kwargs):
        feedback = list(self.object.feedback.select_related("employee"))
        averages = self.object.feedback.aggregate(
            usefulness=Coalesce(Sum("usefulness"), 0), facilitator=Coalesce(Sum("facilitator_rating"), 0)
        )
        count = len(feedback)
        return super().get_context_data(
            reflections=list(self.object.reflections.select_related("employee")),
            feedback=feedback,
            usefulness=(Decimal(averages["usefulness"]) / count).quantize(Decimal("0.1")) if count else None,
            facilitator=(Decimal(averages["facilitator"]) / count).quantize(Decimal("0.1")) if count else None,
            commitments=list(self.object.commitments.select_related("employee")),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        session = self.get_object()
        reflection = get_object_or_404(Reflection, pk=parse_id(request.POST.get("reflection")), session=session)
        services.set_on_wall(reflection=reflection, on_wall=request.POST.get("on_wall") == "1")
        return redirect("training:reflections", pk=session.pk)


def _attendee_session(user, pk) -> tuple[Session, Attendance]:
    """A session the signed-in person attended (404 for anyone else)."""
    employee = employee_of(user)
    attendance = Attendance.objects.filter(
        session_id=pk, employee=employee, status__in=CREDITED_STATUSES
    ).select_related("session__module_version").first() if employee else None
    if attendance is None:
        raise Http404("You did not attend this session.")
    return attendance.session, attendance


class SessionWallView(LoginRequiredMixin, TemplateView):
    """Reflections the trainer chose to share, without names; for attendees and trainers."""

    template_name = "training/wall.html"

    def get_context_data(self, **kwargs):
        if has_role(self.request.user, *TRAINING_ROLES):
            session = get_visible_or_404(Session.objects.select_related("module_version"), self.request.user,
                                         pk=self.kwargs["pk"])
        else:
            session, _attendance = _attendee_session(self.request.user, self.kwargs["pk"])
        wall = session.reflections.filter(on_wall=True).exclude(reflection="").values_list("reflection", flat=True)
        return super().get_context_data(session=session, wall=list(wall), **kwargs)


class AttendeeFormView(EmployeeRequiredMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.session, self.attendance = _attendee_session(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, **kwargs)


class SessionReflectView(AttendeeFormView):
    template_name = "training/reflect.html"

    def get_form(self, form_class=None):
        return WrapUpForm(version=self.session.module_version, reflection_prompt=self.session.reflection_prompt,
                          **self.get_form_kwargs())

    def get_initial(self):
        commitment = Commitment.objects.filter(session=self.session, employee=self.employee).first()
        reflection = Reflection.objects.filter(session=self.session, employee=self.employee).first()
        initial = {"commitment": commitment.text if commitment else ""}
        if reflection:
            initial["reflection"] = reflection.reflection
            initial.update({f"answer_{i}": row["answer"] for i, row in enumerate(reflection.wrap_up_answers)})
        return initial

    def form_valid(self, form):
        services.submit_reflection(
            session=self.session, employee=self.employee, wrap_up_answers=form.answers(),
            reflection=form.cleaned_data.get("reflection", ""), commitment=form.cleaned_data["commitment"],
        )
        messages.success(self.request, _("Thank you. Your answers and your commitment are saved."))
        return redirect("training:my_training")


class SessionFeedbackView(AttendeeFormView):
    template_name = "training/feedback.html"
    form_class = FeedbackForm

    def get_initial(self):
        feedback = SessionFeedback.objects.filter(session=self.session, employee=self.employee).first()
        if feedback is None:
            return {}
        return {"usefulness": feedback.usefulness, "facilitator_rating": feedback.facilitator_rating,
                "comment": feedback.comment}

    def form_valid(self, form):
        services.submit_feedback(session=self.session, employee=self.employee, **form.cleaned_data)
        messages.success(self.request, _("Thank you for your feedback."))
        return redirect("training:my_training")


class CheckInView(EmployeeRequiredMixin, TemplateView):
    """Where the session's QR code leads: one button to check in."""

    template_name = "training/check_in.html"

    def get_context_data(self, **kwargs):
        session = get_object_or_404(Session.objects.select_related("module_version"), check_in_code=self.kwargs["code"])
        attendance = Attendance.objects.filter(session=session, employee=self.employee).first()
        return super().get_context_data(session=session, attendance=attendance, **kwargs)

    def post(self, request, code):
        get_object_or_404(Session, check_in_code=code)
        try:
            services.self_check_in(code=code, employee=self.employee)
        except services.CheckInRefused as refusal:
            messages.warning(request, str(refusal))
        else:
            messages.success(request, _("You are checked in. Enjoy the session!"))
        return redirect("training:check_in", code=code)


# --- Commitments -------------------------------------------------------------------------------------


class CommitmentFollowUpView(EmployeeRequiredMixin, FormView):
    """The employee records how their commitment went (the reminder email links here)."""

    template_name = "training/follow_up.html"
    form_class = FollowUpForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.commitment = get_object_or_404(
                Commitment.objects.select_related("module_version"), pk=kwargs["pk"], employee=employee_of(request.user)
            )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        if self.commitment.is_pending:
            return {}
        return {"outcome": self.commitment.outcome, "note": self.commitment.outcome_note}

    def get_context_data(self, **kwargs):
        return super().get_context_data(commitment=self.commitment, **kwargs)

    def form_valid(self, form):
        services.record_follow_up(commitment=self.commitment, **form.cleaned_data)
        messages.success(self.request, _("Thank you. Your follow-up is saved."))
        return redirect("training:my_training")


class OverdueCommitmentsView(RoleRequiredMixin, SingleTableMixin, TemplateView):
    """Follow-ups past their date: a head's subtree, a supervisor's direct reports, everything for trainers."""

    template_name = "training/overdue.html"
    table_class = OverdueCommitmentTable
    table_pagination = {"per_page": 50}

    def get_table_data(self):
        user = self.request.user
        visible = scope(Commitment.objects.all(), user).exclude(employee=employee_of(user))
        employee = employee_of(user)
        if employee is not None:
            # Supervisors follow up their direct reports wherever those sit in the tree.
            visible = visible | Commitment.objects.filter(employee__supervisor=employee)
        return (
            visible.overdue(timezone.localdate())
            .select_related("employee__department", "module_version")
            .distinct()
        )


# --- People: my training, coverage, certificates ------------------------------------------------------


class MyTrainingView(EmployeeRequiredMixin, TemplateView):
    template_name = "training/my_training.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **employee_training(self.employee),
            employee=self.employee,
            supervises=self.employee.direct_reports.filter(active=True).exists(),
            **kwargs,
        )


class CoverageView(RoleRequiredMixin, SingleTableMixin, FilterView):
    """Training coverage of the people a person may see, with one column per current module."""

    allowed_roles = COVERAGE_ROLES
    model = Employee
    table_class = CoverageTable
    filterset_class = CoverageFilter
    template_name = "training/coverage.html"
    paginate_by = 50

    def get_queryset(self):
        self.modules = list(ModuleVersion.objects.current().order_by("title").values_list("module_id", "title"))
        completed_on = {
            f"module_{module_id}": Max(
                "module_completions__completed_on", filter=Q(module_completions__module_version__module_id=module_id)
            )
            for module_id, _title in self.modules
        }
        people = (
            scope(Employee.objects.filter(active=True), self.request.user)
            .select_related("department")
            .order_by("department__path", "last_name", "first_name")
        )
        # Sums and counts over other tables are subqueries, so the completion join cannot multiply them.
        return people.annotate(
            sessions_attended=_count_per_employee(Attendance.objects.filter(status__in=CREDITED_STATUSES)),
            certificates=_count_per_employee(Certificate.objects.standing()),
            hours=Coalesce(
                Subquery(
                    ModuleCompletion.objects.filter(employee=OuterRef("pk"))
                    .values("employee").annotate(total=Sum("hours")).values("total")
                ),
                Decimal("0.00"),
            ),
            modules_completed=Count("module_completions__module_version__module", distinct=True),
            last_trained=Max("module_completions__completed_on"),
            **completed_on,
        )

    def get_table_kwargs(self):
        return {
            "extra_columns": [
                (f"module_{module_id}", DateColumn(verbose_name=title, default="—", short=True)) for module_id, title in self.modules
            ]
        }

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        user = self.request.user
        # Trainers see every employee (to build rosters), so they may filter by any department.
        kwargs["departments"] = Department.objects.all() if has_role(user, *TRAINING_ROLES) else visible_departments(user)
        return kwargs

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get("export") == "csv":
            return csv_download("training-coverage.csv", context["table"].as_values())
        return super().render_to_response(context, **kwargs)


def _count_per_employee(rows):
    return Coalesce(
        Subquery(rows.filter(employee=OuterRef("pk")).values("employee").annotate(n=Count("pk")).values("n")), 0
    )


class CertificateDetailView(ScopedQuerysetMixin, DetailView):
    """A printable certificate, for its holder, trainers and the holder's department head."""

    model = Certificate
    template_name = "training/certificate.html"

    def get_queryset(self):
        return super().get_queryset().select_related("employee__department", "program")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            verify_url=absolute_url(self.object.get_verification_url()),
            valid=self.object.is_valid_on(timezone.localdate()),
            **kwargs,
        )


class ProgramListView(ScopedQuerysetMixin, ListView):
    """Programs, their required modules and their ambassadors."""

    model = Program
    allowed_roles = TRAINING_ROLES
    template_name = "training/program_list.html"

    def get_queryset(self):
        return super().get_queryset().prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.standing().select_related("employee__department")),
            "program_modules__module__versions",
        )


# --- Public ------------------------------------------------------------------------------------------


def verify_certificate(request, code: str):
    """Anyone may check a certificate by its code; it shows only what the certificate itself says."""
    certificate = get_object_or_404(Certificate.objects.select_related("employee", "program"), verification_code=code)
    return render(
        request,
        "training/verify.html",
        {"certificate": certificate, "valid": certificate.is_valid_on(timezone.localdate())},
    )


def verify_lookup(request):
    """A form to type a code printed on a certificate."""
    code = request.GET.get("code", "").strip()
    if code:
        if Certificate.objects.filter(verification_code=code).exists():
            return redirect("training_public:verify", code=code)
        return render(request, "training/verify_lookup.html", {"code": code, "not_found": True}, status=404)
    return render(request, "training/verify_lookup.html", {})

