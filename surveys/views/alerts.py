"""A department head's or representative's own alert settings (surveys/alerts.py says what they are told)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from org.access import RoleRequiredMixin
from serviceculture.errors import add_to_form
from serviceculture.types import SignedInRequest
from surveys import alerts
from surveys.forms import AlertSettingsForm
from surveys.models import AlertDelivery


class AlertSettingsView(RoleRequiredMixin, FormView):
    """Only the person's own settings: there is no id in the address, so nobody can open anyone else's."""

    request: SignedInRequest  # the role check has signed the person in

    allowed_roles = alerts.ALERT_ROLES
    form_class = AlertSettingsForm
    template_name = "surveys/alert_settings.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kinds": alerts.kinds_for(self.request.user)}

    def get_initial(self):
        stored = alerts.settings_of(self.request.user)
        deliveries = {kind.value: stored.delivery(kind.value) for kind in alerts.kinds_for(self.request.user)}
        return {**deliveries, "watched_words": stored.watched_words, "language": stored.language}

    def form_valid(self, form):
        try:
            alerts.save_alert_settings(
                by=self.request.user,
                deliveries=form.deliveries(),
                watched_words=form.cleaned_data["watched_words"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            add_to_form(error, form)
            return self.form_invalid(form)
        messages.success(self.request, _("Your alert settings are saved."))
        return redirect("surveys:alert_settings")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            email=self.request.user.email,
            kind_names=[kind.value for kind in alerts.kinds_for(self.request.user)],
            delivery_choices=AlertDelivery.choices,
            **kwargs,
        )
