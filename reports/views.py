"""Staff pages of the reports app. They read only the report tables, through org.access."""

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, ListView, TemplateView

from accounts.audit import record_download
from accounts.models import AuditAction
from jobs.views import start_job_response
from org.access import RoleRequiredMixin, ScopedQuerysetMixin, get_visible_or_404, has_role, visible_departments
from org.models import Channel, Department
from org.roles import Role
from reports.filters import DashboardFilter
from reports.forms import InitiativeForm
from reports.inbox_links import InboxLinks
from reports.models import Initiative
from reports.periods import fiscal_quarter_of, fiscal_year_of, parse_period, quarter_label, quarter_start
from reports.selectors import standards_at_risk
from reports.services.a11 import COLUMN_HELP as A11_COLUMN_HELP
from reports.services.a11 import TOUCHPOINTS_CHANNELS, Filing, build_filing
from reports.services.annual import annual_csv_rows, build_annual_report, default_fiscal_year
from reports.services.dashboard import INDEX_WEIGHTS, build_dashboard
from reports.services.plans import save_initiative
from reports.tables import ServicePointTable, UnitTable
from serviceculture.dates import add_months, local_today
from serviceculture.pdf import PdfUnavailable, check_available
from serviceculture.samples import is_small_sample, minimum_responses
from serviceculture.spreadsheets import csv_download, xlsx_download
from serviceculture.types import SignedInRequest
from serviceculture.untrusted import parse_id
from surveys.themes import theme_counts
from surveys.views.common import INBOX_ROLES

if TYPE_CHECKING:
    from playwright.sync_api import PdfMargins

REPORT_READERS = (Role.PROGRAM_ADMIN, Role.HR, Role.DEPARTMENT_HEAD)
ANNUAL_PDF_KIND = "reports.annual_pdf"


def recorded_csv(request, filename: str, rows: Iterable[Iterable[Any]], *, summary: str, details: dict) -> HttpResponse:
    """A CSV of the rows (header first), put on the audit trail with what it holds and how many rows."""
    rows = list(rows)
    response = csv_download(filename, rows)
    details = {**details, "format": "csv", "rows": max(len(rows) - 1, 0)}
    record_download(AuditAction.EXPORTED, by=request.user, summary=summary, details=details)
    return response


class DepartmentRootMixin(RoleRequiredMixin):
    """Reports start at the top of what a person may see, or at a department they choose within it."""

    allowed_roles = REPORT_READERS

    def root_department(self, data=None) -> Department:
        chosen = (self.request.GET if data is None else data).get("department", "")
        if chosen:
            pk = parse_id(chosen)
            if pk is None:
                raise Http404("No such department.")
            return get_visible_or_404(Department.objects.all(), self.request.user, pk=pk)
        top = visible_departments(self.request.user).order_by("depth", "path").first()
        if top is None:
            raise Http404("No department to show.")
        return top


class DashboardView(DepartmentRootMixin, TemplateView):
    """A department subtree over a period, compared with the period before. Program admins and HR start at
    the top of the tree (the agency-wide view); a head starts at their own department."""

    template_name = "reports/dashboard.html"

    def get(self, request, *args, **kwargs):
        today = local_today()
        root = self.root_department()
        period = parse_period(request.GET.get("period", ""), today)
        filterset = DashboardFilter(
            {"department": root.pk, "period": period.key}, departments=visible_departments(request.user), today=today
        )
        dashboard = build_dashboard(root=root, period=period)
        query = f"period={period.key}"
        # Figures link to their responses for those who read the inbox (a head, a program admin).
        links = InboxLinks(root.pk, period.start, period.end) if has_role(request.user, *INBOX_ROLES) else None
        units = UnitTable(dashboard.units[1:], query=query, links=links)
        points = ServicePointTable(dashboard.service_points, links=links)
        export = request.GET.get("export")
        if export in ("departments", "service_points"):
            return self.table_csv(units if export == "departments" else points, root, period.key, export)
        context = self.get_context_data(
            dashboard=dashboard,
            filter=filterset,
            units_table=units,
            points_table=points,
            index_weights=INDEX_WEIGHTS,
            export_query=f"department={root.pk}&{query}",
            parent=visible_departments(request.user).filter(pk=root.parent_id).first() if root.parent_id else None,
            charts=chart_data(dashboard),
            links=links,
            theme_counts=theme_counts(department=root, start=period.start, end=period.end),
        )
        return self.render_to_response(context)

    def table_csv(self, table, root: Department, period: str, export: str) -> HttpResponse:
        summary = (
            _("Dashboard departments under %(department)s, %(period)s")
            if export == "departments"
            else _("Dashboard service points under %(department)s, %(period)s")
        ) % {"department": root.name, "period": period}
        return recorded_csv(
            self.request,
            f"{export.replace('_', '-')}-{root.code}-{period}.csv",
            table.as_values(),
            summary=summary,
            details={"table": export, "department": root.pk, "period": period},
        )


def chart_data(dashboard) -> dict:
    """The numbers each chart draws; the page shows the same numbers in a table beside it."""
    return {
        "drivers": {
            "labels": [str(row["label"]) for row in dashboard.drivers],
            "series": [
                {"label": _("This period"), "data": [_number(row["now"].share) for row in dashboard.drivers]},
                {"label": _("Previous period"), "data": [_number(row["then"].share) for row in dashboard.drivers]},
            ],
            "unit": "%",
        },
        "trend": {
            "labels": [
                row["start"].strftime("%Y-%m-%d" if dashboard.trend_grain == "week" else "%Y-%m")
                for row in dashboard.trend
            ],
            "series": [
                _trend_series(dashboard.trend, _("Satisfied"), "satisfaction"),
                _trend_series(dashboard.trend, _("Trust"), "trust"),
            ],
            "unit": "%",
            "kind": "line",
            "minimum": minimum_responses(),
            "low_points": any(
                is_small_sample(row[f"{name}_answers"]) for row in dashboard.trend for name in TREND_SHARES
            ),
        },
        "channels": {
            "labels": [str(channel.label) for channel, _tally in dashboard.channels],
            "series": [{"label": _("Responses"), "data": [tally.responses for _channel, tally in dashboard.channels]}],
        },
    }


def _number(value):
    return None if value is None else float(value)


TREND_SHARES = ("satisfaction", "trust")


def _trend_series(trend: list[dict], label: str, name: str) -> dict:
    """One line of the trend chart; `low` marks the points resting on a small sample, `answers` their counts."""
    return {
        "label": label,
        "data": [_number(row[name]) for row in trend],
        "answers": [row[f"{name}_answers"] for row in trend],
        "low": [is_small_sample(row[f"{name}_answers"]) for row in trend],
        # the words of the low-confidence note (templates/_sample_note.html), for the point's tooltip
        "notes": [
            ngettext("low confidence: %(count)d response", "low confidence: %(count)d responses", count)
            % {"count": count}
            if is_small_sample(count)
            else ""
            for count in (row[f"{name}_answers"] for row in trend)
        ],
    }


class A11ExportView(RoleRequiredMixin, TemplateView):
    """The quarterly A-11 CX data collection: the filing table and the summary shares on screen, the filing as
    CSV (?format=csv), the summary as CSV (?format=summary-csv), and both as sheets of one XLSX (?format=xlsx)."""

    allowed_roles = (Role.PROGRAM_ADMIN,)
    template_name = "reports/a11.html"

    def get(self, request, *args, **kwargs):
        quarters = recent_quarters(local_today())
        chosen = request.GET.get("quarter") or quarters[1].isoformat()  # the last finished quarter
        if chosen not in {quarter.isoformat() for quarter in quarters}:
            raise Http404("Unknown quarter.")
        quarter = date.fromisoformat(chosen)
        filing = build_filing(quarter)
        download = request.GET.get("format")
        if download in A11_DOWNLOADS:
            return self.download(filing, download)
        return self.render_to_response(
            self.get_context_data(
                filing=filing,
                filing_table=filing.filing_table(),
                summary_table=filing.summary_table(),
                column_help=A11_COLUMN_HELP,
                channels=[(label, TOUCHPOINTS_CHANNELS[value]) for value, label in Channel.choices],
                quarter=quarter,
                quarters=[(q, a11_quarter_label(q)) for q in quarters],
            )
        )

    def download(self, filing: Filing, download: str) -> HttpResponseBase:
        label = quarter_label(filing.quarter)
        summary = _("A-11 data collection, %(quarter)s") % {"quarter": label}
        details: dict[str, Any] = {"quarter": filing.quarter.isoformat()}
        if download == "csv":
            return recorded_csv(
                self.request, f"a11-{label}.csv", filing.filing_table(), summary=summary, details=details
            )
        if download == "summary-csv":
            return recorded_csv(
                self.request,
                f"a11-{label}-summary.csv",
                filing.summary_table(),
                summary=_("A-11 summary shares, %(quarter)s") % {"quarter": label},
                details=details,
            )
        sheets = [(_("CX data collection"), filing.filing_table()), (_("Summary"), filing.summary_table())]
        details = {**details, "format": "xlsx", "rows": len(filing.rows)}
        record_download(AuditAction.EXPORTED, by=self.request.user, summary=summary, details=details)
        return xlsx_download(f"a11-{label}.xlsx", sheets)


A11_DOWNLOADS = ("csv", "summary-csv", "xlsx")


def a11_quarter_label(quarter: date) -> str:
    """ "2026-Q1 (FY2026 Q3)": the calendar quarter the page chooses by, and the fiscal one it is filed under."""
    return _("%(quarter)s (FY%(year)s Q%(fiscal_quarter)s)") % {
        "quarter": quarter_label(quarter),
        "year": fiscal_year_of(quarter),
        "fiscal_quarter": fiscal_quarter_of(quarter),
    }


def recent_quarters(today) -> list:
    """The current quarter and the seven before it, newest first."""
    current = quarter_start(today)
    return [add_months(current, -3 * back) for back in range(8)]


class AnnualReportView(DepartmentRootMixin, TemplateView):
    """The annual customer-service report for a fiscal year: a printable page, a CSV, and a PDF prepared as a
    job (POST: reports/jobs.py prints it in a worker)."""

    template_name = "reports/annual.html"

    def chosen_year(self, root: Department, data) -> int:
        today = local_today()
        current = fiscal_year_of(today)
        year = parse_id(data.get("year") or str(default_fiscal_year(root=root, today=today)))
        if year is None or year not in range(current - 4, current + 1):
            raise Http404("Unknown fiscal year.")
        return year

    def get(self, request, *args, **kwargs):
        root = self.root_department()
        year = self.chosen_year(root, request.GET)
        current = fiscal_year_of(local_today())
        report = build_annual_report(root=root, fiscal_year=year, today=local_today())
        if request.GET.get("format") == "csv":
            header, rows = annual_csv_rows(report)
            return recorded_csv(
                request,
                f"annual-report-FY{year}-{report.root.code}.csv",
                [header, *rows],
                summary=_("Annual report FY%(year)s, %(department)s (CSV)")
                % {"year": year, "department": report.root.name},
                details={"department": report.root.pk, "year": year},
            )
        return self.render_to_response(
            self.get_context_data(
                report=report,
                years=list(range(current, current - 5, -1)),
                current_year=current,
                departments=visible_departments(request.user),
            )
        )

    def post(self, request, *args, **kwargs):
        root = self.root_department(request.POST)
        year = self.chosen_year(root, request.POST)
        try:
            check_available()
        except PdfUnavailable as problem:
            return render(request, "reports/pdf_unavailable.html", {"problem": problem}, status=503)
        title = _("Annual report FY%(year)s, %(department)s (PDF)") % {"year": year, "department": root.name}
        return start_job_response(
            request,
            kind=ANNUAL_PDF_KIND,
            parameters={"department_id": root.pk, "year": year},
            title=title,
            back=f"{reverse('reports:annual')}?department={root.pk}&year={year}",
            on_start=lambda job: record_download(
                AuditAction.PRINTED,
                by=request.user,
                summary=title,
                details={"department": root.pk, "year": year, "format": "pdf"},
                job_id=job.pk,
            ),
        )


def annual_pdf_html(report) -> str:
    """The annual report as self-contained HTML for Chromium (the job renders it without a request)."""
    return render_to_string(
        "reports/annual_pdf.html", {"report": report, "inline_css": inline_css(), "agency_name": settings.AGENCY_NAME}
    )


PDF_MARGINS: "PdfMargins" = {"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"}


def inline_css() -> str:
    """Bootstrap and our own styles, inlined so the PDF needs no network."""
    return "\n".join(
        Path(cast(str, finders.find(name))).read_text(encoding="utf-8")  # both are built in: make vendor
        for name in ("vendor/bootstrap/bootstrap.min.css", "css/app.css")
    )


class StandardsAtRiskView(RoleRequiredMixin, ListView):
    """The standards of the person's departments not met so far this quarter (the heads' home page counts them)."""

    allowed_roles = REPORT_READERS
    template_name = "reports/standards_at_risk.html"
    paginate_by = 100

    def get_queryset(self):
        return standards_at_risk(self.request.user).select_related("standard__department")


class InitiativeListView(ScopedQuerysetMixin, ListView):
    """The enhancement plans of the departments a person may see."""

    model = Initiative
    allowed_roles = REPORT_READERS
    template_name = "reports/initiative_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("department", "owner")


class InitiativeFormView(ScopedQuerysetMixin, FormView):
    """Add an initiative, or change one within the person's scope (outside it: 404)."""

    request: SignedInRequest  # the role check has signed the person in

    model = Initiative
    allowed_roles = REPORT_READERS
    form_class = InitiativeForm
    template_name = "reports/initiative_form.html"

    @cached_property
    def initiative(self) -> Initiative | None:
        if "pk" not in self.kwargs:
            return None
        return get_visible_or_404(Initiative.objects.all(), self.request.user, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.initiative}

    def form_valid(self, form):
        save_initiative(initiative=self.initiative, **form.cleaned_data, by=self.request.user)
        messages.success(self.request, _("The enhancement plan is saved."))
        return redirect("reports:initiatives")
