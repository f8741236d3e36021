"""Demo data for surveys: a live A-11 survey, links at every service point and ~400 responses.

The responses spread over the last 120 days. Each department and channel has its own character
(the licensing counter is slow, the parks staff are loved, phone lines are hard to get through) so
dashboards show real differences. Keyed on the survey's English title: a second run changes nothing.
"""

import random
from collections import Counter
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from org.models import A11Driver, Channel, Employee, ServicePoint
from surveys.alerts import save_alert_settings
from surveys.models import (
    AlertDelivery,
    AlertKind,
    AlertSettings,
    Answer,
    Compliment,
    ComplimentStatus,
    LinkKind,
    LinkViewDay,
    QuestionKind,
    Response,
    ResponseStatus,
    Survey,
    SurveyLink,
    SurveyStatus,
    Theme,
    TriageAction,
    TriageEvent,
)
from surveys.services.builder import create_a11_short_survey, create_a11_survey
from surveys.services.contact import withdraw_contact
from surveys.services.links import create_links
from surveys.services.responses import satisfaction_of
from surveys.themes import retag_if_changed, save_theme

DEMO_TITLE_EN = "How did we do today?"
DEMO_TITLE_ES = "¿Cómo le atendimos hoy?"
RESPONSES = 420
DAYS = 120

# How each department tends to do, added to the mean of a five-point answer (about 3.9 on average).
DEPARTMENT_MOOD = {
    "PARKS": 0.5,
    "LIB": 0.4,
    "HHS-CLINIC": 0.2,
    "PW-WATER": 0.1,
    "PW-WASTE": 0.0,
    "PW-ROADS": -0.3,
    "PERMITS": -0.2,
    "HHS-BEN": -0.4,
    "MVL": -0.6,
}
CHANNEL_MOOD: dict[str, float] = {
    Channel.WEB: 0.2,
    Channel.COUNTER: 0.1,
    Channel.CHAT: 0.1,
    Channel.EMAIL: -0.1,
    Channel.PHONE: -0.4,
    Channel.MAIL: -0.3,
    Channel.FIELD: 0.2,
}
# Drivers residents rate lower than the rest almost everywhere.
DRIVER_MOOD: dict[str, float] = {
    A11Driver.EFFICIENCY: -0.4,
    A11Driver.EASE: -0.2,
    A11Driver.EMPLOYEE: 0.3,
    A11Driver.EQUITY: 0.1,
}

COMMENTS = {
    "en": {
        "good": [
            "The clerk walked me through every form and I left with everything sorted.",
            "Quicker than I expected, and the person on the phone was very patient.",
            "Friendly staff who explained why my application needed one more document.",
            "Clear signs, short line, done in ten minutes.",
        ],
        "bad": [
            "I waited almost an hour and nobody told me how long it would take.",
            "I was sent between three offices before someone could answer my question.",
            "The website said one thing and the counter said another.",
            "Nobody called back although I was promised a call the same day.",
        ],
    },
    "es": {
        "good": [
            "La empleada me explicó cada formulario con paciencia y salí con todo resuelto.",
            "Fue más rápido de lo que esperaba y me atendieron en español.",
            "Muy amables; me dijeron claramente qué documento me faltaba.",
        ],
        "bad": [
            "Esperé casi una hora y nadie me dijo cuánto iba a tardar.",
            "Me mandaron de una oficina a otra sin darme una respuesta.",
            "Prometieron llamarme el mismo día y nunca llamaron.",
        ],
    },
}
CONTACT_NAMES = ["Maria Lopez", "James Carter", "Ana Torres", "Kevin O'Neil", "Rosa Jimenez", "Tom Becker"]


def seed_surveys(rng: random.Random) -> dict:
    """Create the demo survey, its links and responses (once). Returns the survey and a resident link."""
    survey = Survey.objects.filter(title_en=DEMO_TITLE_EN).first()
    if survey is None:
        survey = _make_survey()
        _make_links(survey)
        _make_responses(survey, rng)
    link = survey.links.filter(kind=LinkKind.OPEN).select_related("service_point").order_by("pk").first()
    _seed_expired_clearance()
    _seed_draft_with_poster()
    _seed_themes()
    _subscribe_the_head()
    return {"survey": survey, "link": link}


# name (en, es), words and phrases (en, es): they match the demo's comments in both languages.
THEMES = [
    (
        ("Wait time", "Tiempo de espera"),
        ("wait time\nwaited\nshort line\nquicker than", "tiempo de espera\nesperé\nmás rápido"),
    ),
    (
        ("Sent from office to office", "De una oficina a otra"),
        ("sent between\nthree offices\nsaid another", "de una oficina a otra"),
    ),
    (("Call-backs", "Llamadas de vuelta"), ("called back\npromised a call", "llamarme\nnunca llamaron")),
    (("Friendly, patient staff", "Personal amable y paciente"), ("friendly\npatient", "amables\ncon paciencia")),
]


def _seed_themes() -> None:
    """A few comment themes in both languages, and the demo's comments tagged with them (once)."""
    if Theme.objects.exists():
        return
    admin = User.objects.get(username="admin")
    for (name_en, name_es), (words_en, words_es) in THEMES:
        save_theme(theme=None, by=admin, name_en=name_en, name_es=name_es, words_en=words_en, words_es=words_es)
    retag_if_changed()


def _subscribe_the_head() -> None:
    """The demo head is told of contact requests at once and of the rest in a daily digest."""
    head = User.objects.get(username="head")
    if AlertSettings.objects.filter(user=head).exists():
        return
    save_alert_settings(
        by=head,
        deliveries={
            AlertKind.CONTACT_REQUEST: AlertDelivery.IMMEDIATE,
            AlertKind.LOW_RESPONSE: AlertDelivery.DIGEST,
            AlertKind.WATCHED_WORD: AlertDelivery.DIGEST,
            AlertKind.STANDARD_MISSED: AlertDelivery.DIGEST,
        },
        watched_words="water main\nnobody called back\nfuga de agua",
        language="en",
    )


DRAFT_TITLE_EN = "Library card desk (being prepared)"


def _seed_draft_with_poster() -> None:
    """A draft survey that already has a poster link: its survey and poster pages warn that residents who scan
    it are told it is not taking answers until someone sets it live."""
    if Survey.objects.filter(title_en=DRAFT_TITLE_EN).exists():
        return
    survey = create_a11_short_survey(title_en=DRAFT_TITLE_EN, title_es="Mostrador de carnés (en preparación)", by=None)
    point = ServicePoint.objects.filter(active=True).order_by("pk").first()
    if point:
        create_links(survey=survey, service_point=point, label="Poster", by=None)


EXPIRED_TITLE_EN = "Permit counter check-in (2024 clearance)"


def _seed_expired_clearance() -> None:
    """A live survey whose OMB approval ran out last week: its link shows residents why it takes no answers,
    and the survey lists show it as expired. A second one expires in 12 days: "expiring" in the lists."""
    if Survey.objects.filter(title_en=EXPIRED_TITLE_EN).exists():
        return
    today = timezone.localdate()
    for title_en, title_es, number, expires_on in (
        (
            EXPIRED_TITLE_EN,
            "Registro en la ventanilla de permisos (aprobación de 2024)",
            "1090-0011",
            today - timedelta(days=7),
        ),
        ("Field visit follow-up", "Seguimiento de visitas de campo", "1090-0012", today + timedelta(days=12)),
    ):
        survey = create_a11_survey(title_en=title_en, title_es=title_es, by=None)
        survey.status = SurveyStatus.LIVE
        survey.omb_control_number = number
        survey.omb_expires_on = expires_on
        survey.save()
        point = ServicePoint.objects.filter(active=True).order_by("pk").first()
        if point:
            create_links(survey=survey, service_point=point, label="Poster", by=None)


def _make_survey() -> Survey:
    survey = create_a11_survey(title_en=DEMO_TITLE_EN, title_es=DEMO_TITLE_ES, by=None)
    survey.status = SurveyStatus.LIVE
    survey.opens_on = timezone.localdate() - timedelta(days=DAYS + 10)
    survey.omb_control_number = "1090-0007"
    survey.omb_expires_on = timezone.localdate() + timedelta(days=700)
    survey.save()
    return survey


def _make_links(survey: Survey) -> None:
    for point in ServicePoint.objects.filter(active=True).order_by("pk"):
        create_links(survey=survey, service_point=point, label="Poster", by=None)
    benefits = ServicePoint.objects.filter(channel=Channel.MAIL).order_by("pk").first()
    if benefits:
        letters = create_links(
            survey=survey,
            service_point=benefits,
            kind=LinkKind.SINGLE_USE,
            count=25,
            label="Mailed with decision letters",
            by=None,
        )
        # Letters go out every few days: the A-11 filing counts each link in the quarter it was issued.
        for index, link in enumerate(letters):
            issued = timezone.now() - timedelta(days=index * DAYS / len(letters))
            SurveyLink.objects.filter(pk=link.pk).update(created_at=issued)


def _five_point(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.9))))


def _response_at(link: SurveyLink, submitted_at: datetime, language: str, status: str) -> Response:
    """An unsaved response given at the link's service point, as a resident's form would store it."""
    point = link.service_point
    return Response(
        survey=link.survey,
        link=link,
        service_point=point,
        department=point.department,
        channel=point.channel,
        submitted_at=submitted_at,
        language=language,
        status=status,
    )


def _make_responses(survey: Survey, rng: random.Random) -> None:
    links = list(survey.links.filter(kind=LinkKind.OPEN).select_related("service_point__department"))
    questions = list(survey.questions.all())
    staff = {point.pk: list(point.staff.all()) for point in ServicePoint.objects.prefetch_related("staff")}
    admin = User.objects.filter(username="admin").first()
    now = timezone.now()
    responses, answers, compliments = [], [], []
    for _ in range(RESPONSES):
        link = rng.choice(links)
        point = link.service_point
        mood = 3.9 + DEPARTMENT_MOOD.get(point.department.code, 0) + CHANNEL_MOOD.get(point.channel, 0)
        language = "es" if rng.random() < 0.25 else "en"
        submitted_at = now - timedelta(days=rng.uniform(0, DAYS), minutes=rng.randint(0, 600))
        response = _response_at(link, submitted_at, language, _status_for(submitted_at, now, rng))
        if rng.random() < 0.08:
            _ask_for_contact(response, rng, now)
        responses.append(response)
        scores = {
            question.pk: _five_point(rng, mood + DRIVER_MOOD.get(question.driver, 0))
            for question in questions
            if question.kind == QuestionKind.AGREEMENT
        }
        answers.append((response, scores, _comment(rng, language, scores)))
        people = staff.get(point.pk)
        if people and rng.random() < 0.12:
            compliments.append((response, rng.choice(people), rng.random() < 0.7))
    Response.objects.bulk_create(responses)
    _store_link_views(responses, rng)
    _store_answers(questions, answers)
    _store_compliments(compliments, admin, now)
    _store_triage_history(responses, admin)
    _withdraw_the_oldest_contact(responses)


def _withdraw_the_oldest_contact(responses: list[Response]) -> None:
    """The resident of the oldest contact request took their details back with the link in their email, so
    the inbox shows what staff see then."""
    asked = sorted((response for response in responses if response.wants_contact), key=lambda r: r.submitted_at)
    if asked:
        withdraw_contact(response=asked[0])


def _store_link_views(responses, rng: random.Random) -> None:
    """The form is shown more often than it is sent: two to four views per response, by link and local day."""
    sent = Counter((response.link_id, timezone.localdate(response.submitted_at)) for response in responses)
    LinkViewDay.objects.bulk_create(
        LinkViewDay(link_id=link_id, day=day, views=count + rng.randint(count, 3 * count))
        for (link_id, day), count in sent.items()
    )


def _status_for(submitted_at, now, rng: random.Random) -> str:
    """Older responses have usually been worked through; last week's mostly wait in the inbox."""
    if now - submitted_at < timedelta(days=7):
        return ResponseStatus.RECEIVED if rng.random() < 0.8 else ResponseStatus.ACKNOWLEDGED
    return rng.choice(
        [ResponseStatus.ACKNOWLEDGED, ResponseStatus.DISPATCHED, ResponseStatus.RESPONDED, ResponseStatus.RESPONDED]
    )


def _ask_for_contact(response: Response, rng: random.Random, now) -> None:
    name = rng.choice(CONTACT_NAMES)
    response.wants_contact = True
    response.contact_name = name
    response.contact_email = f"{name.split()[0].lower()}@example.com"
    # Older requests were emailed to the representative long ago; the newest still wait for the resend task.
    response.contact_email_sent_at = (
        response.submitted_at + timedelta(minutes=2) if now - response.submitted_at > timedelta(days=2) else None
    )
    response.resident_email_sent_at = response.contact_email_sent_at


def _comment(rng: random.Random, language: str, scores: dict[int, int]) -> str:
    if rng.random() > 0.35:
        return ""
    average = sum(scores.values()) / max(len(scores), 1)
    return rng.choice(COMMENTS[language]["good" if average >= 3.5 else "bad"])


def _store_answers(questions, answers) -> None:
    rows = []
    for response, scores, comment in answers:
        for question in questions:
            if question.pk in scores:
                satisfied, score = satisfaction_of(question.kind, scores[question.pk])
                rows.append(
                    Answer(
                        response=response,
                        question=question,
                        driver=question.driver,
                        number=scores[question.pk],
                        satisfied=satisfied,
                        score=score,
                    )
                )
            elif question.kind == QuestionKind.LONG_TEXT and comment:
                rows.append(Answer(response=response, question=question, text=comment))
    Answer.objects.bulk_create(rows, batch_size=2000)


def _store_compliments(compliments, admin, now) -> None:
    """Confirmed compliments name their employee; those waiting carry only the first name the resident typed,
    so the response's page shows whom it fits, and says so where two people share it (surveys/compliments.py)."""
    Compliment.objects.bulk_create(
        Compliment(
            response=response,
            named_text=employee.first_name,
            employee=employee if confirmed else None,
            status=ComplimentStatus.CONFIRMED if confirmed else ComplimentStatus.PENDING,
            confirmed_by=admin if confirmed else None,
            confirmed_at=now if confirmed else None,
        )
        for response, employee, confirmed in compliments
    )
    _compliment_the_demo_employee(admin, now)


def _compliment_the_demo_employee(admin, now) -> None:
    """The `employee` demo account's own page should show compliments: name her on a few responses."""
    elena = Employee.objects.filter(user__username="employee").first()
    if elena is None:
        return
    candidates = Response.objects.filter(department=elena.department, compliment__isnull=True).order_by(
        "-submitted_at"
    )[:3]
    Compliment.objects.bulk_create(
        Compliment(
            response=response,
            named_text=f"{elena.first_name} at the counter",
            employee=elena,
            status=ComplimentStatus.CONFIRMED,
            confirmed_by=admin,
            confirmed_at=now,
        )
        for response in candidates
    )


def _store_triage_history(responses, admin) -> None:
    """Who moved each worked-through response, so the history panels are not empty."""
    TriageEvent.objects.bulk_create(
        TriageEvent(
            response=response,
            actor=admin,
            at=response.submitted_at + timedelta(days=1),
            action=TriageAction.STATUS,
            detail=str(ResponseStatus(response.status).label),
        )
        for response in responses
        if response.status != ResponseStatus.RECEIVED
    )
