"""What the evaluations pages share: the cycle a page is about, and the set-up pages that edit a row with its
inline rows (a cycle and its bands, a template and its criteria, a pay plan and its merit rules).

Access is org.access's: each page names its `allowed_roles` (RoleRequiredMixin) and fetches its objects
through `get_visible_or_404`; the services check the role again."""

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, ModelForm
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.views import View

from evaluations.models import Cycle
from evaluations.services.roles import HR_ROLES
from org.access import RoleRequiredMixin, get_visible_or_404
from serviceculture.errors import add_to_form

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class CycleMixin(RoleRequiredMixin):
    """A page about the cycle named by the URL's pk, read after the role check (a wrong role is a 403)."""

    cycle_queryset = Cycle.objects.all()

    @cached_property
    def cycle(self) -> Cycle:
        return get_visible_or_404(self.cycle_queryset, self.request.user, pk=self.kwargs["pk"])


class FormWithRowsView(RoleRequiredMixin, View):
    """HR edits a row and its inline rows on one page. The view parses both; `save` calls the service that
    writes them in one transaction; a refusal re-renders everything that was typed."""

    allowed_roles = HR_ROLES
    template_name = ""
    success_message: "StrOrPromise" = ""

    def load(self) -> None:
        """Fetch what the page edits (after the role check)."""

    def forms(self, data) -> tuple[ModelForm, BaseInlineFormSet]:
        raise NotImplementedError

    def save(self, form: ModelForm, rows: BaseInlineFormSet):
        raise NotImplementedError

    def saved_url(self, saved) -> str:
        return saved.get_absolute_url()

    def context(self, form: ModelForm, rows: BaseInlineFormSet) -> dict:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.load()
        return render(request, self.template_name, self.context(*self.forms(None)))

    def post(self, request, *args, **kwargs):
        self.load()
        form, rows = self.forms(request.POST)
        if form.is_valid() and rows.is_valid():
            try:
                saved = self.save(form, rows)
            except ValidationError as error:
                add_to_form(error, form)
            else:
                messages.success(request, str(self.success_message))
                return redirect(self.saved_url(saved))
        return render(request, self.template_name, self.context(form, rows))
