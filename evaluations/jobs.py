"""Heavy work of the evaluations app that runs as a job: the printable evaluation as a PDF."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from evaluations.printing import print_css, printable_html
from evaluations.selectors import get_evaluation_or_404
from jobs.registry import Output, Work, register
from serviceculture.pdf import PdfUnavailable, html_to_pdf

PDF_KIND = "evaluations.evaluation_pdf"


def may_see_evaluation(owner, parameters: dict):
    """The same lookup as the evaluation's page: if the person may no longer open it, it is a 404 here too."""
    return get_evaluation_or_404(owner, parameters["evaluation_id"])


@register(PDF_KIND, access=may_see_evaluation)
def evaluation_pdf(work: Work) -> Output:
    evaluation = may_see_evaluation(work.owner, work.parameters)
    work.progress(0, 1, _("Printing the PDF"))
    try:
        document = html_to_pdf(printable_html(evaluation, inline_css=print_css()))
    except PdfUnavailable as problem:
        raise ValidationError(str(problem)) from None
    work.path.write_bytes(document)
    return Output(download_name=f"evaluation-{evaluation.pk}.pdf", content_type="application/pdf")
