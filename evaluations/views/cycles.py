"""HR's pages for cycles and templates, the cycle dashboard, certification and calibration."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Avg, Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from evaluations.forms import BandFormSet, CertifyForm, CriterionFormSet, CycleForm, OpenCycleForm, TemplateForm
from evaluations.models import (
    Certification,
    Cycle,
    Evaluation,
    EvaluationStatus,
    SignerRole,
    Template,
)
from evaluations.services import certification as certification_service
from evaluations.services.cycles import close_cycle, open_cycle, template_problems
from evaluations.services.roles import is_hr, require_hr
from evaluations.views.common import HR_AND_HEADS, saved_with_rows
from org.access import get_visible_or_404, headed_departments, require_role, visible_departments
from org.models import Department
from serviceculture.errors import reported
from serviceculture.untrusted import parse_id


@login_required
def cycle_list(request):
    require_hr(request.user)
    cycles = Cycle.objects.annotate(evaluation_count=Count("evaluations"))
    return render(request, "evaluations/cycle_list.html", {"cycles": cycles})


@login_required
def cycle_edit(request, pk: int | None = None):
    """Create or edit a cycle with its rating bands on one page."""
    require_hr(request.user)
    cycle = get_object_or_404(Cycle, pk=pk) if pk else None
    form = CycleForm(request.POST or None, instance=cycle)
    bands = BandFormSet(request.POST or None, instance=cycle or Cycle())
    if saved_with_rows(request, form, bands, _("The cycle is saved.")):
        return redirect(bands.instance)
    return render(request, "evaluations/cycle_form.html", {"form": form, "bands": bands, "cycle": cycle})


def _overdue_statuses(cycle: Cycle) -> list[str]:
    today = timezone.localdate()
    due = {
        EvaluationStatus.SELF_EVALUATION: cycle.self_evaluation_due,
        EvaluationStatus.DRAFT: cycle.ratings_due,
        EvaluationStatus.RATED: cycle.review_due,
        EvaluationStatus.HR_REVIEW: cycle.review_due,
        EvaluationStatus.REVIEWED: cycle.final_due,
    }
    return [status for status, date in due.items() if date < today]


def _progress(cycle: Cycle) -> list[dict]:
    """One row per department: how many evaluations in each status. One query."""
    counts = (
        Evaluation.objects.filter(cycle=cycle)
        .values("department_id", "department__name", "department__path", "status")
        .annotate(count=Count("pk"))
        .order_by("department__path")
    )
    rows: dict[int, dict] = {}
    for item in counts:
        row = rows.setdefault(item["department_id"], {
            "id": item["department_id"], "name": item["department__name"],
            "depth": item["department__path"].count("/") - 2, "by_status": {}, "total": 0,
        })
        row["by_status"][item["status"]] = item["count"]
        row["total"] += item["count"]
    for row in rows.values():
        row["cells"] = [row["by_status"].get(status, 0) for status in EvaluationStatus.values]
    return list(rows.values())


@login_required
def cycle_detail(request, pk: int):
    """The cycle dashboard: progress by department and status, overdue items. A fixed number of queries."""
    require_hr(request.user)
    cycle = get_object_or_404(Cycle.objects.prefetch_related("bands"), pk=pk)
    rows = _progress(cycle)
    overdue = Evaluation.objects.filter(cycle=cycle, status__in=_overdue_statuses(cycle))
    totals = [sum(row["cells"][index] for row in rows) for index in range(len(EvaluationStatus.values))]
    return render(request, "evaluations/cycle_detail.html", {
        "cycle": cycle,
        "rows": rows,
        "statuses": EvaluationStatus.choices,
        "totals": totals,
        "grand_total": sum(totals),
        "overdue_count": overdue.count(),
        "overdue": overdue.select_related("employee", "department", "evaluator").order_by("department__path")[:50],
        "certifications": Certification.objects.active().filter(cycle=cycle).select_related("department"),
    })


@login_required
def cycle_open(request, pk: int):
    require_hr(request.user)
    cycle = get_object_or_404(Cycle, pk=pk)
    form = OpenCycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with reported(request) as outcome:
            created = open_cycle(
                cycle=cycle, departments=form.cleaned_data["departments"], by=request.user,
                default_template=form.cleaned_data["default_template"], employees=form.cleaned_data["employees"],
            )
        if outcome.ok:
            messages.success(request, _("%(count)d evaluations created.") % {"count": created})
            return redirect(cycle)
    return render(request, "evaluations/cycle_open.html", {"cycle": cycle, "form": form})


@login_required
@require_POST
def cycle_close(request, pk: int):
    cycle = get_object_or_404(Cycle, pk=pk)
    with reported(request, _("The cycle is closed.")):
        close_cycle(cycle=cycle, by=request.user)
    return redirect(cycle)


def _departments_to_certify(user):
    """HR sees the departments directly under the top of the tree; a head the departments they lead."""
    if is_hr(user):
        return list(Department.objects.filter(depth=1).active())
    return headed_departments(user)


@login_required
def certifications(request, pk: int):
    require_role(request.user, HR_AND_HEADS)
    cycle = get_object_or_404(Cycle, pk=pk)
    rows = []
    for department in _departments_to_certify(request.user):
        signed = list(certification_service.covering_certifications(cycle=cycle, department=department))
        rows.append({
            "department": department,
            "blockers": certification_service.certification_blockers(cycle=cycle, department=department),
            "signed": signed,
            "may_sign": is_hr(request.user) or not any(c.signer_role == SignerRole.DEPARTMENT_HEAD for c in signed),
            "statement": certification_service.statement_for(cycle=cycle, department=department),
        })
    withdrawn = Certification.objects.filter(cycle=cycle, withdrawn_at__isnull=False, department__in=visible_departments(request.user))
    return render(request, "evaluations/certifications.html", {
        "cycle": cycle, "rows": rows, "form": CertifyForm(), "withdrawn": withdrawn.select_related("department"),
        "is_hr": is_hr(request.user),
    })


@login_required
@require_POST
def certify(request, pk: int, department_pk: int):
    require_role(request.user, HR_AND_HEADS)
    cycle = get_object_or_404(Cycle, pk=pk)
    department = get_visible_or_404(Department.objects.all(), request.user, pk=department_pk)
    form = CertifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to sign the statement."))
    else:
        with reported(request, _("Signed. Pay for %(department)s may now be released.") % {"department": department}):
            certification_service.certify_department(
                cycle=cycle, department=department, by=request.user,
                signer_role=form.cleaned_data["signer_role"], signer_name=form.cleaned_data["signer_name"],
            )
    return redirect("evaluations:certifications", pk=cycle.pk)


def _distribution(evaluations, bands) -> dict:
    """Count and share of each band, and the mean score. Two queries."""
    rows = evaluations.exclude(band="").values("band").annotate(count=Count("pk")).order_by()
    counts = {row["band"]: row["count"] for row in rows}
    total = sum(counts.values())
    mean = evaluations.aggregate(mean=Avg("score"), service=Avg("customer_service_score"))
    return {
        "total": total,
        "mean": mean["mean"],
        "service": mean["service"],
        "bands": [
            {"name": band.name, "count": counts.get(band.name, 0),
             "share": round(100 * counts.get(band.name, 0) / total) if total else 0}
            for band in bands
        ],
    }


@login_required
def calibration(request, pk: int):
    """Per department: the distribution of bands and scores before release, beside the whole agency's."""
    require_role(request.user, HR_AND_HEADS)
    cycle = get_object_or_404(Cycle.objects.prefetch_related("bands"), pk=pk)
    departments = visible_departments(request.user).filter(depth__gte=1).active()
    asked = parse_id(request.GET.get("department"))
    chosen = (departments.filter(pk=asked).first() if asked else None) or departments.first()
    scored = Evaluation.objects.filter(cycle=cycle, score__isnull=False)
    bands = cycle.ordered_bands()
    department = _distribution(scored.in_subtree(chosen), bands) if chosen else None
    agency = _distribution(scored, bands)
    return render(request, "evaluations/calibration.html", {
        "cycle": cycle,
        "departments": departments,
        "chosen": chosen,
        "department": department,
        "agency": agency,
        "rows": list(zip(department["bands"], agency["bands"], strict=True)) if department else [],
    })


@login_required
def template_list(request):
    require_hr(request.user)
    templates = Template.objects.annotate(criteria_count=Count("criteria"), total_weight=Sum("criteria__weight"))
    cycle = Cycle.objects.exclude(status="closed").order_by("-fiscal_year").first()
    rows = [
        {"template": template,
         "problems": template_problems(template=template, cycle=cycle) if cycle else []}
        for template in templates.prefetch_related("criteria")
    ]
    return render(request, "evaluations/template_list.html", {"rows": rows, "cycle": cycle})


@login_required
def template_edit(request, pk: int | None = None):
    """A template and its criteria on one page. The weight rules are checked when a cycle uses it."""
    require_hr(request.user)
    template = get_object_or_404(Template, pk=pk) if pk else None
    form = TemplateForm(request.POST or None, instance=template)
    criteria = CriterionFormSet(request.POST or None, instance=template or Template())
    if saved_with_rows(request, form, criteria, _("The template is saved. Evaluations already created keep their own copy.")):
        return redirect("evaluations:template_edit", pk=criteria.instance.pk)
    cycle = Cycle.objects.exclude(status="closed").order_by("-fiscal_year").first()
    problems = template_problems(template=template, cycle=cycle) if template and cycle else []
    return render(request, "evaluations/template_form.html", {
        "form": form, "criteria": criteria, "template": template, "problems": problems, "cycle": cycle,
    })
