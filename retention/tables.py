import django_tables2 as tables
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.names import person_name
from retention.models import LegalHold, PurgeRun
from retention.schedule import RULES

TABLE_ATTRS = {"class": "table table-sm table-striped align-middle", "th": {"scope": "col"}}


class PurgeRunTable(tables.Table):
    started_at = tables.DateTimeColumn(verbose_name=_("Started"), format="SHORT_DATETIME_FORMAT")
    finished_at = tables.DateTimeColumn(verbose_name=_("Finished"), format="TIME_FORMAT")
    status = tables.Column(verbose_name=_("Status"))
    dry_run = tables.BooleanColumn(verbose_name=_("Dry run"))
    started_by = tables.Column(verbose_name=_("Started by"), empty_values=())
    counts = tables.Column(verbose_name=_("Removed or anonymised"), orderable=False)
    periods_frozen = tables.Column(verbose_name=_("Report periods frozen"))

    class Meta:
        model = PurgeRun
        fields = ("started_at", "finished_at", "status", "dry_run", "started_by", "counts", "periods_frozen")
        orderable = False
        attrs = TABLE_ATTRS
        empty_text = _("The purge has not run yet.")

    def render_started_by(self, record: PurgeRun) -> str:
        if record.started_by is not None:
            return person_name(record.started_by)
        return str(_("nightly schedule")) if record.trigger == "beat" else "manage.py purge_records"

    def render_counts(self, value: dict, record: PurgeRun) -> str:
        parts = [f"{RULES[kind].kind.label}: {count}" for kind, count in value.items() if count and kind in RULES]
        return "; ".join(parts) if parts else str(_("nothing"))


class LegalHoldTable(tables.Table):
    target_label = tables.Column(verbose_name=_("Held records"))
    reason = tables.Column(verbose_name=_("Reason"))
    placed_by = tables.Column(verbose_name=_("Placed by"))
    placed_at = tables.DateTimeColumn(verbose_name=_("Placed"), format="SHORT_DATETIME_FORMAT")
    lifted = tables.Column(verbose_name=_("Lifted"), empty_values=(), orderable=False)

    def render_placed_by(self, value) -> str:
        return person_name(value)

    class Meta:
        model = LegalHold
        fields = ("target_label", "reason", "placed_by", "placed_at")
        orderable = False
        attrs = TABLE_ATTRS
        empty_text = _("No legal holds.")

    def __init__(self, *args, request, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def render_lifted(self, record: LegalHold) -> str:
        if record.lifted_at is not None:
            return f"{timezone.localtime(record.lifted_at):%Y-%m-%d %H:%M} ({person_name(record.lifted_by) or '—'})"
        return render_to_string("retention/_lift_button.html", {"hold": record, "csrf_token": get_token(self.request)})
