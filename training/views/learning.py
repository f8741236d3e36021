"""An employee's own pages: modules to take alone, a module page by page, and their training record."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from training.forms import WrapUpForm, prompt_fields
from training.models import ModuleCompletion, ModuleVersion
from training.services.learning import complete_self_paced
from training.services.workshops import prompts_for, read_answers, submit_self_paced_answers
from training.summaries import employee_training
from training.views.common import EmployeeRequiredMixin


class LearnListView(EmployeeRequiredMixin, ListView):
    """Modules an employee can take alone: the current published version of each."""

    template_name = "training/learn_list.html"
    context_object_name = "versions"

    def get_queryset(self):
        return ModuleVersion.objects.current().order_by("title")

    def get_context_data(self, **kwargs):
        done = set(
            ModuleCompletion.objects.filter(employee=self.employee).values_list("module_version__module_id", flat=True)
        )
        return super().get_context_data(done=done, **kwargs)


class LearnView(EmployeeRequiredMixin, TemplateView):
    """A module page by page: objectives, each talking point, the exercise and tips, then the wrap-up."""

    template_name = "training/learn.html"

    @cached_property
    def version(self) -> ModuleVersion:
        return get_object_or_404(ModuleVersion.objects.published(), pk=self.kwargs["pk"])

    def page_count(self) -> int:
        return len(self.version.talking_points) + 3

    def get_context_data(self, form=None, **kwargs):
        count = self.page_count()
        number = self.kwargs.get("page", 1)
        if not 1 <= number <= count:
            raise Http404("No such page.")
        point_index = number - 2
        return super().get_context_data(
            version=self.version,
            number=number,
            count=count,
            point=self.version.talking_points[point_index]
            if 0 <= point_index < len(self.version.talking_points)
            else None,
            is_exercise=number == count - 1,
            is_last=number == count,
            form=form or WrapUpForm(version=self.version),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = WrapUpForm(request.POST, version=self.version)
        if not form.is_valid():
            self.kwargs["page"] = self.page_count()
            return self.render_to_response(self.get_context_data(form=form))
        complete_self_paced(
            module_version=self.version,
            employee=self.employee,
            wrap_up_answers=form.answers(),
            commitment=form.cleaned_data["commitment"],
        )
        messages.success(request, _("Well done: the module is complete and your commitment is saved."))
        return redirect("training:my_training")


class SelfPacedReflectView(EmployeeRequiredMixin, TemplateView):
    """After completing a module, a learner answers the prompts workshop participants answer (its wrap-up
    questions and word exercise); program leaders read them in the module's review."""

    template_name = "training/workshop/reflect_alone.html"

    @cached_property
    def version(self) -> ModuleVersion:
        return get_object_or_404(ModuleVersion.objects.published(), pk=self.kwargs["pk"])

    def get_context_data(self, errors=None, data=None, **kwargs):
        completed = ModuleCompletion.objects.filter(
            employee=self.employee, module_version__module_id=self.version.module_id
        )
        errors = errors or {}
        return super().get_context_data(
            version=self.version,
            fields=prompt_fields(prompts_for(self.version), data or {}, errors),
            form_error=errors.get("__all__", ""),
            completed=completed.exists(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        read = read_answers(prompts_for(self.version), request.POST)
        errors = read.errors
        if read.is_valid:
            try:
                submit_self_paced_answers(version=self.version, employee=self.employee, read=read)
            except ValidationError as refused:
                errors = {"__all__": refused.messages[0]}
            else:
                messages.success(request, _("Thank you. Your reflections are saved for the training team."))
                return redirect("training:my_training")
        return self.render_to_response(self.get_context_data(errors=errors, data=request.POST), status=400)


class MyTrainingView(EmployeeRequiredMixin, TemplateView):
    template_name = "training/my_training.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            # ?commitments=due keeps the follow-ups due (the home page's count links here).
            **employee_training(self.employee, only_due_commitments=self.request.GET.get("commitments") == "due"),
            employee=self.employee,
            supervises=self.employee.direct_reports.filter(active=True).exists(),
            **kwargs,
        )
