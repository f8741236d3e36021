"""Pages for the people on a session: checking in by QR code, then their answers, commitment and feedback,
and the wall of reflections the trainer chose to share."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from org.access import get_visible_or_404, has_role
from serviceculture.errors import reported
from serviceculture.links import absolute_url
from serviceculture.types import SignedInRequest
from training.forms import FeedbackForm, WrapUpForm
from training.models import TRAINING_ROLES, Attendance, Commitment, Reflection, Session, SessionFeedback
from training.services.learning import submit_feedback, submit_reflection
from training.services.sessions import self_check_in
from training.views.common import EmployeeRequiredMixin, attended_session
from training.workshop_selectors import published_cloud, wall_answers


class SessionWallView(LoginRequiredMixin, TemplateView):
    """What the trainer chose to share, without names: reflections, workshop answers and the word cloud; for
    attendees and trainers, and for the projector in the room (it polls `SessionWallFeedView`)."""

    template_name = "training/wall.html"
    request: SignedInRequest  # behind LoginRequiredMixin: always signed in

    def get_context_data(self, **kwargs):
        if has_role(self.request.user, *TRAINING_ROLES):
            session = get_visible_or_404(
                Session.objects.select_related("module_version"), self.request.user, pk=self.kwargs["pk"]
            )
        else:
            session, _attendance = attended_session(self.request.user, self.kwargs["pk"])
        wall = session.reflections.filter(on_wall=True).exclude(reflection="").values_list("reflection", flat=True)
        return super().get_context_data(
            session=session,
            wall=list(wall),
            answers=wall_answers(session),
            cloud=published_cloud(session),
            join_page=absolute_url(reverse("workshop:join")),
            **kwargs,
        )


class SessionWallFeedView(SessionWallView):
    """The wall's content alone, the fragment the wall polls for."""

    template_name = "training/workshop/_wall_feed.html"


class AttendeeFormView(EmployeeRequiredMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.session, self.attendance = attended_session(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, **kwargs)


class SessionReflectView(AttendeeFormView):
    template_name = "training/reflect.html"

    def get_form(self, form_class=None):
        return WrapUpForm(
            version=self.session.module_version,
            reflection_prompt=self.session.reflection_prompt,
            **self.get_form_kwargs(),
        )

    def get_initial(self):
        commitment = Commitment.objects.filter(session=self.session, employee=self.employee).first()
        reflection = Reflection.objects.filter(session=self.session, employee=self.employee).first()
        initial = {"commitment": commitment.text if commitment else ""}
        if reflection:
            initial["reflection"] = reflection.reflection
            initial.update({f"answer_{i}": row["answer"] for i, row in enumerate(reflection.wrap_up_answers)})
        return initial

    def form_valid(self, form):
        submit_reflection(
            session=self.session,
            employee=self.employee,
            wrap_up_answers=form.answers(),
            reflection=form.cleaned_data.get("reflection", ""),
            commitment=form.cleaned_data["commitment"],
        )
        messages.success(self.request, _("Thank you. Your answers and your commitment are saved."))
        return redirect("training:my_training")


class SessionFeedbackView(AttendeeFormView):
    template_name = "training/feedback.html"
    form_class = FeedbackForm

    def get_initial(self):
        feedback = SessionFeedback.objects.filter(session=self.session, employee=self.employee).first()
        if feedback is None:
            return {}
        return {
            "usefulness": feedback.usefulness,
            "facilitator_rating": feedback.facilitator_rating,
            "comment": feedback.comment,
        }

    def form_valid(self, form):
        submit_feedback(session=self.session, employee=self.employee, **form.cleaned_data)
        messages.success(self.request, _("Thank you for your feedback."))
        return redirect("training:my_training")


class CheckInView(EmployeeRequiredMixin, TemplateView):
    """Where the session's QR code leads (for signed-in employees): one button to check in."""

    template_name = "training/check_in.html"

    def get_context_data(self, **kwargs):
        session = get_object_or_404(Session.objects.select_related("module_version"), check_in_code=self.kwargs["code"])
        attendance = Attendance.objects.filter(session=session, employee=self.employee).first()
        return super().get_context_data(
            session=session, attendance=attendance, attendance_open=session.attendance_open(), **kwargs
        )

    def post(self, request, code):
        get_object_or_404(Session, check_in_code=code)
        # A refusal (closed, full, already checked in) is something to tell the attendee, not an error of theirs.
        with reported(request, _("You are checked in. Enjoy the session!"), level=messages.WARNING):
            self_check_in(code=code, employee=self.employee, by=request.user)
        return redirect("training:check_in", code=code)
