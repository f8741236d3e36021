"""The survey builder: the list of surveys, a survey's page, making and editing surveys and their questions,
the preview of the resident's form, and new versions."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from org.access import RoleRequiredMixin, ScopedQuerysetMixin, get_visible_or_404, has_role, scope
from serviceculture.errors import add_to_form, reported
from surveys.forms import LinkForm, QuestionForm, SurveyForm
from surveys.models import LinkKind, Question, Survey
from surveys.services.builder import (
    add_question,
    copy_survey,
    create_a11_short_survey,
    create_a11_survey,
    create_survey,
    move_question,
    remove_question,
    survey_has_responses,
    update_question,
    update_survey,
)
from surveys.submission import form_fields
from surveys.views.common import BUILDERS, INBOX_ROLES, active_service_points, visible_survey


class SurveyListView(ScopedQuerysetMixin, ListView):
    model = Survey
    allowed_roles = INBOX_ROLES
    template_name = "surveys/survey_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_build=has_role(self.request.user, *BUILDERS), **kwargs)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(
                question_count=Count("questions", distinct=True),
                response_count=Count(
                    "responses", filter=Q(responses__is_spam=False, responses__deleted_at__isnull=True), distinct=True
                ),
            )
        )


class SurveyDetailView(ScopedQuerysetMixin, DetailView):
    model = Survey
    allowed_roles = INBOX_ROLES
    template_name = "surveys/survey_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("created_by", "updated_by")

    def get_context_data(self, **kwargs):
        user = self.request.user
        links = scope(self.object.links.select_related("service_point__department"), user)
        return super().get_context_data(
            questions=self.object.questions.all(),
            open_links=links.filter(kind=LinkKind.OPEN, active=True),
            single_use_batches=links.filter(kind=LinkKind.SINGLE_USE)
            .values("label", "service_point__name")
            .annotate(total=Count("pk"), used=Count("used_at"))
            .order_by("label"),
            has_responses=survey_has_responses(self.object),
            not_taking_answers=self.object.why_no_answers(),
            link_form=LinkForm(service_points=active_service_points(user)),
            can_build=has_role(user, *BUILDERS),
            **kwargs,
        )


class SurveyCreateView(RoleRequiredMixin, View):
    """A blank survey, or one made from the A-11 standard (all seven drivers) or its short form."""

    allowed_roles = BUILDERS
    makers = {"a11": create_a11_survey, "a11_short": create_a11_short_survey}

    def get(self, request):
        return render(request, "surveys/survey_form.html", {"form": SurveyForm()})

    def post(self, request):
        maker = self.makers.get(request.POST.get("standard", ""))
        if maker:
            survey = maker(by=request.user)
            messages.success(request, _("A draft survey was created. Check its texts, then set it live."))
            return redirect(survey)
        form = SurveyForm(request.POST)
        if form.is_valid():
            try:
                return redirect(create_survey(fields=form.cleaned_data, by=request.user))
            except ValidationError as error:
                add_to_form(error, form)
        return render(request, "surveys/survey_form.html", {"form": form}, status=400)


class SurveyEditView(RoleRequiredMixin, View):
    allowed_roles = BUILDERS

    def get(self, request, pk):
        survey = visible_survey(request, pk)
        return render(request, "surveys/survey_form.html", {"form": SurveyForm(instance=survey), "survey": survey})

    def post(self, request, pk):
        survey = visible_survey(request, pk)
        form = SurveyForm(request.POST, instance=survey)
        if form.is_valid():
            try:
                update_survey(survey=survey, fields=form.cleaned_data, by=request.user)
            except ValidationError as error:
                add_to_form(error, form)
            else:
                messages.success(request, _("The survey was saved."))
                return redirect(survey)
        return render(request, "surveys/survey_form.html", {"form": form, "survey": survey}, status=400)


def _visible_question(request, pk: int) -> Question:
    return get_visible_or_404(Question.objects.select_related("survey"), request.user, pk=pk)


class SurveyCopyView(RoleRequiredMixin, View):
    allowed_roles = BUILDERS

    def post(self, request, pk):
        copy = copy_survey(survey=visible_survey(request, pk), by=request.user)
        messages.success(request, _("A new draft version was made. The old version keeps its responses."))
        return redirect(copy)


class SurveyPreviewView(RoleRequiredMixin, View):
    """The resident's form as it will look, without a link and without a submit."""

    allowed_roles = INBOX_ROLES

    def get(self, request, pk):
        survey = visible_survey(request, pk)
        questions = list(survey.questions.all())
        fields = form_fields(questions=questions, data=None, errors={}, language=get_language())
        return render(request, "surveys/survey_preview.html", {"survey": survey, "fields": fields})


class QuestionFormView(RoleRequiredMixin, View):
    """Add a question to a survey (pk of the survey) or edit one (pk of the question)."""

    allowed_roles = BUILDERS
    adding = False

    def find_objects(self, pk: int) -> None:
        if self.adding:
            self.survey = visible_survey(self.request, pk)
            self.question = Question(survey=self.survey)
        else:
            self.question = _visible_question(self.request, pk)
            self.survey = self.question.survey

    def render_form(self, form, status=200):
        return render(
            request=self.request,
            template_name="surveys/question_form.html",
            status=status,
            context={"form": form, "survey": self.survey, "question": self.question},
        )

    def get(self, request, pk):
        self.find_objects(pk)
        return self.render_form(QuestionForm(instance=self.question))

    def post(self, request, pk):
        self.find_objects(pk)
        form = QuestionForm(request.POST, instance=self.question)
        if form.is_valid():
            try:
                self.save(form.question_fields(), by=request.user)
            except ValidationError as error:
                add_to_form(error, form)
            else:
                return redirect(self.survey)
        return self.render_form(form, status=400)

    def save(self, fields: dict[str, Any], by: User) -> None:
        if self.adding:
            add_question(survey=self.survey, fields=fields, by=by)
        else:
            update_question(question=self.question, fields=fields, by=by)


class QuestionMoveView(RoleRequiredMixin, View):
    allowed_roles = BUILDERS

    def post(self, request, pk):
        question = _visible_question(request, pk)
        move_question(question=question, up=request.POST.get("direction") == "up", by=request.user)
        return redirect(question.survey)


class QuestionRemoveView(RoleRequiredMixin, View):
    allowed_roles = BUILDERS

    def post(self, request, pk):
        question = _visible_question(request, pk)
        with reported(request):
            remove_question(question=question, by=request.user)
        return redirect(question.survey)
