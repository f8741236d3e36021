import django_tables2 as tables
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from surveys.models import Response

COMMENT_PREVIEW_CHARS = 80


class ResponseTable(tables.Table):
    select = tables.TemplateColumn(template_name="surveys/_select_cell.html", verbose_name=_("Select"), orderable=False)
    id = tables.Column(verbose_name=_("No."), linkify=True)
    submitted_at = tables.DateTimeColumn(verbose_name=_("Submitted"), format="Y-m-d H:i")
    survey = tables.Column(verbose_name=_("Survey"))
    department = tables.Column(verbose_name=_("Department"))
    service_point = tables.Column(verbose_name=_("Service point"), accessor="service_point__name")
    channel = tables.Column(verbose_name=_("Channel"))
    status = tables.Column(verbose_name=_("Status"))
    comment = tables.Column(verbose_name=_("Comment"), orderable=False, default="")
    marks = tables.TemplateColumn(template_name="surveys/_marks_cell.html", verbose_name=_("Marks"), orderable=False)

    class Meta:
        model = Response
        fields = (
            "select",
            "id",
            "submitted_at",
            "survey",
            "department",
            "service_point",
            "channel",
            "status",
            "comment",
            "marks",
        )
        order_by = ("-submitted_at",)
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_comment(self, value: str) -> str:
        # A plain string: django-tables2 escapes it, so a resident's markup shows as text.
        return Truncator(" ".join(value.split())).chars(COMMENT_PREVIEW_CHARS)


class FollowUpTable(tables.Table):
    id = tables.Column(verbose_name=_("No."), linkify=True)
    submitted_at = tables.DateTimeColumn(verbose_name=_("Submitted"), format="Y-m-d H:i")
    department = tables.Column(verbose_name=_("Department"))
    contact_name = tables.Column(verbose_name=_("Name"))
    contact_email = tables.EmailColumn(verbose_name=_("Email"))
    contact_phone = tables.Column(verbose_name=_("Phone"))
    status = tables.Column(verbose_name=_("Status"))
    contact_email_sent_at = tables.DateTimeColumn(verbose_name=_("Representative emailed"), format="Y-m-d H:i")

    class Meta:
        model = Response
        fields = (
            "id",
            "submitted_at",
            "department",
            "contact_name",
            "contact_email",
            "contact_phone",
            "status",
            "contact_email_sent_at",
        )
        order_by = ("submitted_at",)
        attrs = {"class": "table table-sm align-middle"}
