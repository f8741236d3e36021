"""Module pages for trainers: the list, one module's versions, writing and publishing, the facilitator guide."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.forms import BaseFormSet
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from org.access import RoleRequiredMixin, ScopedQuerysetMixin, get_visible_or_404, has_role
from serviceculture.errors import add_to_form, reported
from serviceculture.types import SignedInRequest
from training.forms import ModuleForm, TalkingPointFormSet, talking_points_of
from training.models import REVIEW_ROLES, TRAINING_ROLES, Module, ModuleVersion
from training.services.modules import CONTENT_FIELDS, create_module, edit_module, publish_module


class ModuleListView(ScopedQuerysetMixin, ListView):
    model = Module
    allowed_roles = TRAINING_ROLES
    template_name = "training/module_list.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("versions", queryset=ModuleVersion.objects.order_by("-number")))
        )


class ModuleDetailView(ScopedQuerysetMixin, DetailView):
    model = Module
    allowed_roles = TRAINING_ROLES
    template_name = "training/module_detail.html"

    def get_context_data(self, **kwargs):
        versions = list(
            self.object.versions.select_related("published_by")
            .annotate(session_count=Count("sessions"))
            .order_by("-number")
        )
        return super().get_context_data(
            versions=versions,
            latest=versions[0] if versions else None,
            can_review=has_role(self.request.user, *REVIEW_ROLES),
            **kwargs,
        )


class ModuleEditMixin(RoleRequiredMixin):
    """Create and edit share one form: the module's fields and a formset of talking points."""

    allowed_roles = TRAINING_ROLES
    template_name = "training/module_form.html"
    module: Module | None = None

    def prepare(self) -> None:
        """Load what the page edits (after the role check, so a wrong role is a 403, not a 404)."""

    def blank_forms(self) -> tuple[ModuleForm, BaseFormSet]:
        """The module form and the talking points formset of a page not posted yet."""
        raise NotImplementedError

    def save(self, form: ModuleForm, content: dict) -> ModuleVersion:
        """Save the posted content as a draft version and return it."""
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.prepare()
        return self.render(*self.blank_forms())

    def post(self, request, *args, **kwargs):
        self.prepare()
        form = ModuleForm(request.POST, editing=self.module is not None)
        points = TalkingPointFormSet(request.POST, prefix="points")
        if form.is_valid() and points.is_valid():
            content = {**form.content(), "talking_points": talking_points_of(points)}
            try:
                version = self.save(form, content)
            except ValidationError as error:
                add_to_form(error, form)
            else:
                messages.success(request, _("Saved as a draft (version %(n)s).") % {"n": version.number})
                return redirect(version.module)
        return self.render(form, points)

    def render(self, form, points):
        return render(self.request, self.template_name, {"form": form, "points": points, "module": self.module})


class ModuleCreateView(ModuleEditMixin, View):
    request: SignedInRequest  # behind RoleRequiredMixin: always signed in

    def blank_forms(self):
        return ModuleForm(), TalkingPointFormSet(prefix="points")

    def save(self, form, content):
        return create_module(slug=form.cleaned_data["slug"], content=content, by=self.request.user)


class ModuleUpdateView(ModuleEditMixin, View):
    request: SignedInRequest  # behind RoleRequiredMixin: always signed in
    module: Module  # set by prepare() before anything else

    def prepare(self) -> None:
        self.module = get_visible_or_404(Module.objects.all(), self.request.user, pk=self.kwargs["pk"])

    def blank_forms(self):
        latest = self.module.latest_version()
        if latest is None:  # a module added in the admin, with no version yet (saving makes version 1)
            return ModuleForm(editing=True), TalkingPointFormSet(prefix="points")
        initial = {field: getattr(latest, field) for field in CONTENT_FIELDS if field != "talking_points"}
        return ModuleForm(initial=initial, editing=True), TalkingPointFormSet(
            initial=latest.talking_points, prefix="points"
        )

    def save(self, form, content):
        return edit_module(module=self.module, content=content, by=self.request.user)


class ModulePublishView(RoleRequiredMixin, View):
    allowed_roles = TRAINING_ROLES

    def post(self, request, pk):
        module = get_visible_or_404(Module.objects.all(), request.user, pk=pk)
        with reported(request) as outcome:
            version = publish_module(module=module, by=request.user)
        if outcome.ok:
            messages.success(request, _("Version %(n)s is published.") % {"n": version.number})
        return redirect(module)


class FacilitatorGuideView(ScopedQuerysetMixin, DetailView):
    """A printable page of one version with a running clock per segment."""

    model = ModuleVersion
    allowed_roles = TRAINING_ROLES
    template_name = "training/guide.html"
    context_object_name = "version"
