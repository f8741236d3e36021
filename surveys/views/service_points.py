"""A service point's page for program admins: the survey offered there and the feedback button a website
carries for it (surveys/services/widget.py), with the lines to paste and a live preview."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView

from org.access import RoleRequiredMixin, ScopedQuerysetMixin, get_visible_or_404
from org.models import ServicePoint
from serviceculture.errors import reported
from serviceculture.links import absolute_url
from surveys.services.invitations import survey_offered_at
from surveys.services.widget import make_widget_link, widget_link
from surveys.views.common import BUILDERS


class ServicePointDetailView(ScopedQuerysetMixin, DetailView):
    model = ServicePoint
    allowed_roles = BUILDERS
    template_name = "surveys/service_point_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("department")

    def get_context_data(self, **kwargs):
        point = self.object
        link = widget_link(point)
        snippets = button_snippets(link.public_url) if link else None
        return super().get_context_data(survey=survey_offered_at(point), button_link=link, snippets=snippets, **kwargs)


def button_snippets(survey_url: str) -> dict:
    """The lines a web team pastes: the script, and a plain link per language for pages without JavaScript."""
    script_url = absolute_url(reverse("feedback_button_script"))
    links = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            text = f"{gettext('Rate this page')} {gettext('(opens in a new tab)')}"
        href = f"{survey_url}?{urlencode({'lang': code})}"
        links.append(
            (
                name,
                f'<a href="{escape(href)}" target="_blank" rel="noopener noreferrer" lang="{code}">{escape(text)}</a>',
            )
        )
    return {
        "script": f'<script src="{escape(script_url)}" data-survey="{escape(survey_url)}" defer></script>',
        "links": links,
    }


class FeedbackButtonLinkView(RoleRequiredMixin, View):
    """Make the open web link the feedback button leads to (once; a second click finds the first)."""

    allowed_roles = BUILDERS

    def post(self, request, pk):
        point = get_visible_or_404(ServicePoint.objects.all(), request.user, pk=pk)
        with reported(request) as outcome:
            make_widget_link(service_point=point, by=request.user)
        if outcome.ok:
            messages.success(request, _("The feedback button is ready: paste one of the lines below into the website."))
        return redirect("surveys:service_point", pk=point.pk)
