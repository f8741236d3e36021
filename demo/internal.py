"""Demo data for internal customers: staff of other departments rating a department as a service provider.

One live internal-customer survey on the county intranet, with links at the service points other departments
use (the road crews that fix county sites, the permit center that reviews county projects, the water billing
counter that settles county buildings' accounts) and about a hundred staff answers
over the last 120 days, so the dashboards and the annual report show their internal-customer section. None of
it is counted in the residents' figures. Keyed on the survey's English title: a second run changes nothing.
"""

import random
from datetime import timedelta

from django.utils import timezone

from demo.surveys import DAYS, _five_point, _response_at, _status_for, _store_answers, _store_link_views
from org.models import ServicePoint
from surveys.models import Audience, LinkKind, QuestionKind, Response, Survey, SurveyStatus
from surveys.services.builder import create_a11_survey
from surveys.services.links import create_links

INTERNAL_TITLE_EN = "How did this department serve your team?"
INTERNAL_TITLE_ES = "¿Cómo atendió este departamento a su equipo?"
INTERNAL_RESPONSES = 110

# service point (English name) -> how colleagues tend to rate it, added to a five-point mean of about 3.7
PROVIDERS = {
    "Road crew field visits": -0.5,
    "Permit center counter": -0.1,
    "Water billing counter": 0.3,
}
COMMENTS = [
    "The billing clerk explained the county rate before we had to ask.",
    "We waited three weeks for the crew to patch the library parking lot.",
    "The permit reviewer called us before our deadline to say what was missing.",
    "The billing team merged our building accounts without any fuss.",
]


def seed_internal_survey(rng: random.Random) -> Survey:
    """Create the internal-customer survey, its intranet links and the staff answers (once)."""
    survey = Survey.objects.filter(title_en=INTERNAL_TITLE_EN).first()
    if survey is None:
        survey = create_a11_survey(title_en=INTERNAL_TITLE_EN, title_es=INTERNAL_TITLE_ES, by=None)
        survey.audience = Audience.INTERNAL
        survey.status = SurveyStatus.LIVE
        survey.opens_on = timezone.localdate() - timedelta(days=DAYS + 10)
        survey.save()  # no OMB number: county staff are not the public the Paperwork Reduction Act covers
        for point in ServicePoint.objects.filter(name_en__in=PROVIDERS).order_by("pk"):
            create_links(survey=survey, service_point=point, label="County intranet", by=None)
        _make_staff_answers(survey, rng)
    return survey


def _make_staff_answers(survey: Survey, rng: random.Random) -> None:
    links = list(survey.links.filter(kind=LinkKind.OPEN).select_related("service_point__department"))
    questions = list(survey.questions.all())
    now = timezone.now()
    responses, answers = [], []
    for _ in range(INTERNAL_RESPONSES):
        link = rng.choice(links)
        point = link.service_point
        submitted_at = now - timedelta(days=rng.uniform(0, DAYS), minutes=rng.randint(0, 480))
        response = _response_at(link, submitted_at, "en", _status_for(submitted_at, now, rng))
        responses.append(response)
        mood = 3.7 + PROVIDERS.get(point.name_en or "", 0.0)
        scores = {q.pk: _five_point(rng, mood) for q in questions if q.kind == QuestionKind.AGREEMENT}
        answers.append((response, scores, rng.choice(COMMENTS) if rng.random() < 0.3 else ""))
    Response.objects.bulk_create(responses)
    _store_link_views(responses, rng)
    _store_answers(questions, answers)
