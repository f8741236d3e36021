"""The list of comment themes program admins keep (surveys/themes.py says how comments are tagged)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from org.access import RoleRequiredMixin, get_visible_or_404
from serviceculture.errors import add_to_form
from serviceculture.types import SignedInRequest
from surveys import themes
from surveys.forms import ThemeForm
from surveys.models import Theme
from surveys.views.common import BUILDERS


class ThemeListView(RoleRequiredMixin, FormView):
    """The themes, and a form to add one; `pk` in the address changes that theme instead."""

    request: SignedInRequest

    allowed_roles = BUILDERS
    form_class = ThemeForm
    template_name = "surveys/themes.html"

    @cached_property
    def theme(self) -> Theme | None:
        if "pk" not in self.kwargs:
            return None
        return get_visible_or_404(Theme.objects.all(), self.request.user, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.theme}

    def form_valid(self, form):
        try:
            themes.save_theme(theme=self.theme, by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_to_form(error, form)
            return self.form_invalid(form)
        messages.success(self.request, _("The theme is saved. Comments are tagged with it from tonight."))
        return redirect("surveys:themes")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            themes=Theme.objects.all(), theme=self.theme, theme_list=themes.theme_list(), **kwargs
        )


class ThemeDeleteView(RoleRequiredMixin, View):
    allowed_roles = BUILDERS
    http_method_names = ["post"]

    def post(self, request, pk):
        theme = get_visible_or_404(Theme.objects.all(), request.user, pk=pk)
        themes.delete_theme(theme=theme, by=request.user)
        messages.success(request, _("The theme is removed, with its tags."))
        return redirect("surveys:themes")
