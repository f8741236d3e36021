"""Heavy work of the surveys app that runs as a job: a survey response export too large to download at once."""

from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.registry import Output, Work, register
from org.access import require_role
from surveys import exports

EXPORT_KIND = "surveys.export_responses"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
PROGRESS_EVERY = 1000  # rows between progress reports (the job writes at most one a second anyway)


def may_export(owner, parameters: dict) -> None:
    """Only the roles that read the inbox export it; what rows they see is decided when the file is written."""
    require_role(owner, exports.EXPORT_ROLES)


@register(EXPORT_KIND, access=may_export)
def export_responses(work: Work) -> Output:
    """The inbox's filtered responses, rebuilt in the worker for the person who asked, written to the job's file."""
    chosen = work.parameters["format"]
    responses = exports.exportable_responses(
        user=work.owner, data=exports.filters_data(work.parameters["filters"]), strict=True
    )
    total = responses.count()  # a workbook of more rows than a sheet holds goes on over further sheets
    step = _("Writing responses")
    work.progress(0, total, step)
    rows = _reported(exports.export_rows(responses), work, total, step)
    stamp = timezone.localdate().strftime("%Y%m%d")
    if chosen == "xlsx":
        exports.write_xlsx(rows, work.path)
        return Output(download_name=f"responses-{stamp}.xlsx", content_type=XLSX_TYPE)
    with work.path.open("w", encoding="utf-8", newline="") as handle:
        exports.write_csv(rows, handle)
    return Output(download_name=f"responses-{stamp}.csv", content_type=CSV_TYPE)


def _reported(rows: Iterable[tuple], work: Work, total: int, step: str) -> Iterator[tuple]:
    """The rows unchanged, telling the job how far along it is (the first row is the header)."""
    for index, row in enumerate(rows):
        if index % PROGRESS_EVERY == 0:
            work.progress(index, total, step)
        yield row
    work.progress(total, total, _("Saving the file"))
