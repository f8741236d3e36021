"""The retention page for program admins: the schedule, what the next run would remove, the last runs and the
legal holds. Each button posts to its own view, which calls one service and comes back here."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from org.access import RoleRequiredMixin, get_visible_or_404
from org.roles import Role
from retention.forms import HoldForm, ScheduleForm
from retention.models import LegalHold, PurgeRun
from retention.schedule import RULES, UNIT_LABELS, periods
from retention.selectors import due_counts
from retention.services import lift_hold, place_hold, set_period
from retention.tables import LegalHoldTable, PurgeRunTable
from serviceculture.dates import local_today
from serviceculture.errors import add_to_form, reported

LAST_RUNS = 10


class ProgramAdminMixin(RoleRequiredMixin):
    allowed_roles = (Role.PROGRAM_ADMIN,)


class RetentionView(ProgramAdminMixin, TemplateView):
    template_name = "retention/records.html"

    def get_context_data(self, *, schedule_form=None, hold_form=None, **kwargs) -> dict[str, Any]:
        current = periods()
        due = due_counts(today=local_today())
        holds = LegalHold.objects.select_related("placed_by__employee", "lifted_by__employee")
        schedule_form = schedule_form or ScheduleForm(current=current)
        return super().get_context_data(
            schedule_form=schedule_form,
            hold_form=hold_form or HoldForm(),
            rows=[
                {
                    "rule": rule,
                    "unit": UNIT_LABELS[rule.unit],
                    "period": current[kind],
                    "due": rule.count(due[kind]),
                    "field": schedule_form[kind],
                }
                for kind, rule in RULES.items()
            ],
            due_total=sum(due.values()),
            runs=PurgeRunTable(PurgeRun.objects.select_related("started_by__employee")[:LAST_RUNS]),
            active_holds=LegalHoldTable(holds.active(), request=self.request),
            lifted_holds=LegalHoldTable(holds.filter(lifted_at__isnull=False), request=self.request),
            **kwargs,
        )


class ScheduleView(ProgramAdminMixin, View):
    def post(self, request, *args, **kwargs):
        form = ScheduleForm(request.POST, current=periods())
        if not form.is_valid():
            return page_again(request, schedule_form=form)
        changed = 0
        for kind, period in form.cleaned_data.items():
            if period != form.fields[kind].initial:
                set_period(kind=kind, period=period, by=request.user)
                changed += 1
        messages.success(request, _("The retention schedule is saved.") if changed else _("Nothing changed."))
        return redirect("retention:records")


def page_again(request, **forms) -> HttpResponse:
    """The page with a form that has errors, showing everything the person typed."""
    view = RetentionView()
    view.setup(request)
    response = view.render_to_response(view.get_context_data(**forms))
    response.status_code = 400
    return response


class PlaceHoldView(ProgramAdminMixin, View):
    def post(self, request, *args, **kwargs):
        form = HoldForm(request.POST)
        if form.is_valid():
            try:
                place_hold(target=form.cleaned_data["held"], reason=form.cleaned_data["reason"], by=request.user)
            except ValidationError as error:
                add_to_form(error, form)
            else:
                messages.success(request, _("The legal hold is placed: the purge leaves these records alone."))
                return redirect("retention:records")
        return page_again(request, hold_form=form)


class LiftHoldView(ProgramAdminMixin, View):
    def post(self, request, *args, **kwargs):
        hold = get_visible_or_404(LegalHold.objects.all(), request.user, pk=kwargs["pk"])
        with reported(request, _("The legal hold is lifted: the next run purges what has passed its date.")):
            lift_hold(hold=hold, by=request.user)
        return redirect("retention:records")
