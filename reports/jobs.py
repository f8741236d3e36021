"""Heavy work of the reports app that runs as a job: the annual report as a PDF."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jobs.registry import Output, Work, register
from org.access import get_visible_or_404, require_role
from org.models import Department
from reports.services.annual import build_annual_report
from reports.views import ANNUAL_PDF_KIND, PDF_MARGINS, REPORT_READERS, annual_pdf_html
from serviceculture.dates import local_today
from serviceculture.pdf import PdfUnavailable, html_to_pdf


def may_see_department_report(owner, parameters: dict) -> Department:
    """The checks of the report's page, again: the person may have lost their role or their department since."""
    require_role(owner, REPORT_READERS)
    return get_visible_or_404(Department.objects.all(), owner, pk=parameters["department_id"])


@register(ANNUAL_PDF_KIND, access=may_see_department_report)
def annual_pdf(work: Work) -> Output:
    root = may_see_department_report(work.owner, work.parameters)
    year = work.parameters["year"]
    work.progress(0, 2, _("Adding up the year"))
    report = build_annual_report(root=root, fiscal_year=year, today=local_today())
    work.progress(1, 2, _("Printing the PDF"))
    try:
        document = html_to_pdf(annual_pdf_html(report), paper="A4", margins=PDF_MARGINS)
    except PdfUnavailable as problem:
        raise ValidationError(str(problem)) from None
    work.path.write_bytes(document)
    return Output(download_name=f"annual-report-FY{year}-{root.code}.pdf", content_type="application/pdf")
