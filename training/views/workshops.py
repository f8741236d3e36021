"""Workshop pages for facilitators and program leaders: the live page (QR code, join code, incoming answers to
publish or hide), its feed for short polling, the wall's feed, and a module's review of every answer.

The live page is the facilitator's console: only those who may change the session (its facilitator, program
admins and coordinators: org.access `may_change`) open it, read or write."""

import segno
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from org.access import ScopedQuerysetMixin, require_change
from serviceculture.errors import reported
from serviceculture.links import absolute_url
from serviceculture.types import SignedInRequest
from serviceculture.untrusted import parse_id
from training.models import REVIEW_ROLES, Module, WorkshopAnswer
from training.services.workshops import moderate_answer, prompts_for, set_workshop_open
from training.views.sessions import SessionMixin
from training.workshop_selectors import (
    answer_counts,
    live_answers,
    module_review,
    reviewable_answers,
    reviewable_reflections,
    reviewable_sessions,
    word_cloud,
)


def join_url(code: str) -> str:
    return absolute_url(reverse("workshop:answer", args=[code]))


class FacilitatorMixin(SessionMixin):
    """A session page only those who may change the session open, even to read (anonymous answers not yet
    moderated are for the facilitator's eyes)."""

    def get_object(self, queryset=None):
        session = super().get_object(queryset)
        require_change(session, self.request.user)
        return session


class LiveFeedView(FacilitatorMixin, DetailView):
    """The incoming answers and the word cloud, as the fragment the live page polls for."""

    template_name = "training/workshop/_live_feed.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            answers=live_answers(self.object),
            cloud=word_cloud(self.object.workshop_answers.all()),
            **answer_counts(self.object),
            **kwargs,
        )


class LiveView(LiveFeedView):
    """The page the facilitator keeps open in the room: open or close the workshop, show the QR code and the
    join code, and publish or hide answers as they come in."""

    template_name = "training/workshop/live.html"

    def get_context_data(self, **kwargs):
        code = self.object.workshop_code
        return super().get_context_data(
            join_address=join_url(code) if code else "",
            join_page=absolute_url(reverse("workshop:join")),
            prompts=prompts_for(self.object.module_version, self.object),
            **kwargs,
        )


class WorkshopToggleView(FacilitatorMixin, SingleObjectMixin, View):
    def post(self, request, *args, **kwargs):
        session = self.get_object()
        opening = request.POST.get("open") == "1"
        done = _("The workshop is open: participants can join.") if opening else _("The workshop is closed.")
        with reported(request, done):
            set_workshop_open(session=session, open=opening, by=request.user)
        return redirect("training:workshop", pk=session.pk)


class ModerateView(FacilitatorMixin, SingleObjectMixin, View):
    def post(self, request, *args, **kwargs):
        session = self.get_object()
        answer = get_object_or_404(WorkshopAnswer, pk=parse_id(request.POST.get("answer")), session=session)
        with reported(request):
            moderate_answer(answer=answer, status=request.POST.get("status", ""), by=request.user)
        return redirect(reverse("training:workshop", args=[session.pk]) + "#answers")


class WorkshopQRView(FacilitatorMixin, DetailView):
    """The join address as a QR code (SVG), for the screen at the front of the room."""

    def render_to_response(self, context, **kwargs):
        if not self.object.workshop_code:
            return HttpResponse(status=404)
        response = HttpResponse(content_type="image/svg+xml")
        # segno writes to anything with a write() (see SessionQRView); its stubs ask for an IO.
        qr = segno.make(join_url(self.object.workshop_code), error="m")
        qr.save(response, kind="svg", scale=8, title=_("QR code to join the workshop"))  # type: ignore[arg-type]
        return response


class ModuleReviewView(ScopedQuerysetMixin, DetailView):
    """Every answer to a module's prompts, from every session and from self-paced learners, grouped by prompt with
    its themes; `?session=<id>` narrows to one session."""

    request: SignedInRequest  # behind RoleRequiredMixin: always signed in
    model = Module
    allowed_roles = REVIEW_ROLES
    template_name = "training/workshop/review.html"
    context_object_name = "module"

    def get_context_data(self, **kwargs):
        answers = reviewable_answers(self.request.user, self.object)
        reflections = reviewable_reflections(self.request.user, self.object)
        sessions = list(reviewable_sessions(answers, reflections))
        chosen = next((s for s in sessions if s.pk == parse_id(self.request.GET.get("session"))), None)
        if chosen is not None:
            answers, reflections = answers.filter(session=chosen), reflections.filter(session=chosen)
        reviews = module_review(answers, reflections)
        return super().get_context_data(
            sessions=sessions, chosen=chosen, reviews=reviews, total=sum(r.count for r in reviews), **kwargs
        )
