"""HR's pages for cycles and templates, the cycle dashboard, certification and calibration."""

from pathlib import PurePath
from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from evaluations.documents import content_type_of
from evaluations.forms import BandFormSet, CertifyForm, CriterionFormSet, CycleForm, OpenCycleForm, TemplateForm
from evaluations.models import (
    Certification,
    Cycle,
    Evaluation,
    EvaluationStatus,
    SignerRole,
    Template,
)
from evaluations.selectors import band_distribution, cycle_progress, overdue_statuses
from evaluations.services import certification as certification_service
from evaluations.services.cycles import close_cycle, open_cycle, save_cycle, save_template, template_problems
from evaluations.services.roles import HR_AND_HEADS, HR_ROLES, is_hr
from evaluations.views.common import CycleMixin, FormWithRowsView
from org.access import (
    RoleRequiredMixin,
    ScopedQuerysetMixin,
    get_visible_or_404,
    headed_departments,
    scope,
    visible_departments,
)
from org.models import Department, DepartmentQuerySet
from serviceculture.errors import add_to_form, reported
from serviceculture.spreadsheets import attachment
from serviceculture.untrusted import parse_id


class CycleListView(ScopedQuerysetMixin, ListView):
    allowed_roles = HR_ROLES
    model = Cycle
    queryset = Cycle.objects.annotate(evaluation_count=Count("evaluations"))
    template_name = "evaluations/cycle_list.html"
    context_object_name = "cycles"


class CycleEditView(FormWithRowsView):
    """Create or edit a cycle with its rating bands on one page."""

    template_name = "evaluations/cycle_form.html"
    success_message = gettext_lazy("The cycle is saved.")
    cycle = None

    def load(self) -> None:
        if "pk" in self.kwargs:
            self.cycle = get_visible_or_404(Cycle.objects.all(), self.request.user, pk=self.kwargs["pk"])

    def forms(self, data):
        return CycleForm(data, instance=self.cycle), BandFormSet(data, instance=self.cycle or Cycle())

    def save(self, form, rows):
        return save_cycle(form=form, bands=rows, by=self.request.user)

    def context(self, form, rows) -> dict:
        return {"form": form, "bands": rows, "cycle": self.cycle}


class CycleDetailView(ScopedQuerysetMixin, DetailView):
    """The cycle dashboard: progress by department and status, overdue items. A fixed number of queries."""

    allowed_roles = HR_ROLES
    model = Cycle
    queryset = Cycle.objects.prefetch_related("bands")
    template_name = "evaluations/cycle_detail.html"
    context_object_name = "cycle"

    def get_context_data(self, **kwargs):
        cycle = self.object
        rows = cycle_progress(cycle)
        overdue = Evaluation.objects.filter(cycle=cycle, status__in=overdue_statuses(cycle))
        totals = [sum(row["cells"][index] for row in rows) for index in range(len(EvaluationStatus.values))]
        return super().get_context_data(
            rows=rows,
            statuses=EvaluationStatus.choices,
            totals=totals,
            grand_total=sum(totals),
            overdue_count=overdue.count(),
            overdue=overdue.select_related("employee", "department", "evaluator").order_by("department__path")[:50],
            certifications=Certification.objects.active().filter(cycle=cycle).select_related("department"),
            **kwargs,
        )


class CycleOpenView(CycleMixin, FormView):
    allowed_roles = HR_ROLES
    form_class = OpenCycleForm
    template_name = "evaluations/cycle_open.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(cycle=self.cycle, **kwargs)

    def form_valid(self, form):
        try:
            created = open_cycle(
                cycle=self.cycle,
                departments=form.cleaned_data["departments"],
                by=self.request.user,
                default_template=form.cleaned_data["default_template"],
                employees=form.cleaned_data["employees"],
            )
        except ValidationError as error:  # a template breaking the weight rules: said above what was chosen
            add_to_form(error, form)
            return self.form_invalid(form)
        messages.success(self.request, _("%(count)d evaluations created.") % {"count": created})
        return redirect(self.cycle)


class CycleCloseView(CycleMixin, View):
    allowed_roles = HR_ROLES

    def post(self, request, *args, **kwargs):
        with reported(request, _("The cycle is closed.")):
            close_cycle(cycle=self.cycle, by=request.user)
        return redirect(self.cycle)


def _departments_to_certify(user):
    """HR sees the departments directly under the top of the tree; a head the departments they lead."""
    if is_hr(user):
        return list(Department.objects.filter(depth=1).active())
    return headed_departments(user)


class CertificationsView(CycleMixin, TemplateView):
    allowed_roles = HR_AND_HEADS
    template_name = "evaluations/certifications.html"

    def get_context_data(self, **kwargs):
        user, cycle = self.request.user, self.cycle
        withdrawn = Certification.objects.filter(
            cycle=cycle, withdrawn_at__isnull=False, department__in=visible_departments(user)
        )
        return super().get_context_data(
            cycle=cycle,
            rows=[self._row(department) for department in _departments_to_certify(user)],
            withdrawn=withdrawn.select_related("department"),
            is_hr=is_hr(user),
            **kwargs,
        )

    def _row(self, department: Department) -> dict:
        cycle = self.cycle
        signed = list(
            certification_service.covering_certifications(cycle=cycle, department=department).select_related(
                "department", "signer"
            )
        )
        roles = {certification.signer_role for certification in signed}
        hr = is_hr(self.request.user)
        return {
            "department": department,
            "blockers": certification_service.certification_blockers(cycle=cycle, department=department),
            "signed": signed,
            "may_sign": (hr and len(roles) < len(SignerRole.values)) or SignerRole.DEPARTMENT_HEAD not in roles,
            "heads": Department.objects.subtrees([department]).filter(head__isnull=False).select_related("head"),
            "statement": certification_service.statement_for(cycle=cycle, department=department),
            "form": CertifyForm(auto_id=f"id_{department.pk}_%s"),  # one form per department: ids stay unique
        }


class CertifyView(CycleMixin, View):
    allowed_roles = HR_AND_HEADS

    def post(self, request, *args, **kwargs):
        cycle = self.cycle
        department = get_visible_or_404(Department.objects.all(), request.user, pk=self.kwargs["department_pk"])
        form = CertifyForm(request.POST, request.FILES)
        if not form.is_valid():
            for field_errors in form.errors.values():
                for error in field_errors:
                    messages.error(request, str(error))
        else:
            signed = _("Signed for %(department)s.") % {"department": department}
            with reported(request, signed):
                certification_service.certify_department(
                    cycle=cycle,
                    department=department,
                    by=request.user,
                    signer_role=form.cleaned_data["signer_role"],
                    signer_name=form.cleaned_data["signer_name"],
                    signer_office=form.cleaned_data["signer_office"],
                    signed_on=form.cleaned_data["signed_on"],
                    document=form.cleaned_data["document"],
                )
        return redirect("evaluations:certifications", pk=cycle.pk)


class CertificationDocumentView(CycleMixin, View):
    """The scanned statement of a paper certification, to HR and to the heads of the department it covers (or a
    department above it); to nobody else, and never from a public URL."""

    allowed_roles = HR_AND_HEADS

    def get(self, request, *args, **kwargs):
        certifications = Certification.objects.filter(cycle=self.cycle).exclude(document="")
        certification = get_visible_or_404(certifications, request.user, pk=self.kwargs["certification_pk"])
        try:
            handle = certification.document.open("rb")
        except FileNotFoundError:
            raise Http404("The signed statement is no longer kept.") from None
        stored = certification.document.name or ""
        name = f"certification-{certification.cycle.fiscal_year}-{certification.department.code}"
        response = FileResponse(handle, content_type=content_type_of(stored))
        suffix = PurePath(stored).suffix
        response["Content-Disposition"] = attachment(f"{name}{suffix}")
        return response


class CalibrationView(CycleMixin, TemplateView):
    """Per department: the distribution of bands and scores before release, beside the whole agency's."""

    allowed_roles = HR_AND_HEADS
    cycle_queryset = Cycle.objects.prefetch_related("bands")
    template_name = "evaluations/calibration.html"

    def get_context_data(self, **kwargs):
        cycle = self.cycle
        # visible_departments is typed as a plain QuerySet, but it is always the model's DepartmentQuerySet
        visible = cast(DepartmentQuerySet, visible_departments(self.request.user))
        departments = visible.filter(depth__gte=1).active()
        asked = parse_id(self.request.GET.get("department"))
        chosen = (departments.filter(pk=asked).first() if asked else None) or departments.first()
        scored = Evaluation.objects.filter(cycle=cycle, score__isnull=False)
        bands = cycle.ordered_bands()
        department = band_distribution(scored.in_subtree(chosen), bands) if chosen else None
        agency = band_distribution(scored, bands)
        return super().get_context_data(
            cycle=cycle,
            departments=departments,
            chosen=chosen,
            department=department,
            agency=agency,
            rows=list(zip(department["bands"], agency["bands"], strict=True)) if department else [],
            **kwargs,
        )


def _current_cycle(user) -> Cycle | None:
    """The cycle whose policy minimum the template pages check against: the newest one not closed."""
    return scope(Cycle.objects.exclude(status="closed"), user).order_by("-fiscal_year").first()


class TemplateListView(RoleRequiredMixin, TemplateView):
    allowed_roles = HR_ROLES
    template_name = "evaluations/template_list.html"

    def get_context_data(self, **kwargs):
        templates = scope(Template.objects.all(), self.request.user).annotate(
            criteria_count=Count("criteria"), total_weight=Sum("criteria__weight")
        )
        cycle = _current_cycle(self.request.user)
        rows = [
            {"template": template, "problems": template_problems(template=template, cycle=cycle) if cycle else []}
            for template in templates.prefetch_related("criteria")
        ]
        return super().get_context_data(rows=rows, cycle=cycle, **kwargs)


class TemplateEditView(FormWithRowsView):
    """A template and its criteria on one page. The weight rules are checked when a cycle uses it."""

    template_name = "evaluations/template_form.html"
    success_message = gettext_lazy("The template is saved. Evaluations already created keep their own copy.")
    template = None

    def load(self) -> None:
        if "pk" in self.kwargs:
            self.template = get_visible_or_404(Template.objects.all(), self.request.user, pk=self.kwargs["pk"])

    def forms(self, data):
        return TemplateForm(data, instance=self.template), CriterionFormSet(data, instance=self.template or Template())

    def save(self, form, rows):
        return save_template(form=form, criteria=rows, by=self.request.user)

    def saved_url(self, saved) -> str:
        return reverse("evaluations:template_edit", args=[saved.pk])

    def context(self, form, rows) -> dict:
        cycle = _current_cycle(self.request.user)
        problems = template_problems(template=self.template, cycle=cycle) if self.template and cycle else []
        return {"form": form, "criteria": rows, "template": self.template, "problems": problems, "cycle": cycle}
