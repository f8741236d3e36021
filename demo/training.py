"""Demo data for training: four modules written for Harbor County, a three-module ambassador program,
past sessions with attendance, reflections, feedback and commitments in every follow-up state, upcoming
sessions, and the ambassadors who finished the program. Everything goes through training.services.
"""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from org.models import Department, Employee
from training.models import (
    Certificate,
    Commitment,
    Module,
    ModuleVersion,
    Program,
    ProgramModule,
    Session,
    WorkshopAnswerStatus,
)
from training.services.commitments import record_follow_up
from training.services.learning import complete_self_paced, set_on_wall, submit_feedback, submit_reflection
from training.services.modules import create_module, publish_module
from training.services.sessions import add_departments_to_roster, record_attendance, schedule_session
from training.services.workshops import (
    moderate_answer,
    prompts_for,
    read_answers,
    set_workshop_open,
    submit_workshop_answers,
)

ATTRIBUTION = "the bite-sized customer-service refreshers public agencies run, rewritten for Harbor County"

WRAP_UP = [
    "Why does this matter to every public employee, whatever their job?",
    'What would a resident see or hear from us that says "I am getting great service"?',
]


# The first module's word exercise in workshops: each participant gives a good word and a bad word.
WORD_PROMPT = "What does 'bureaucrat' mean to you? A good word and a bad word."

# What the demo workshop's participants sent: (good word, bad word), then written answers to the first wrap-up
# question. The first few of each are on the wall.
WORKSHOP_WORDS = [
    ("reliable", "slow"),
    ("fair", "red tape"),
    ("helpful", "slow"),
    ("expert", "rigid"),
    ("reliable", "paperwork"),
    ("patient", "slow"),
]
WORKSHOP_ANSWERS = [
    "Because every resident who leaves with an answer is one less call tomorrow.",
    "Residents cannot choose another county, so they deserve our best every time.",
    "A good answer the first time saves us all time.",
]
WORKSHOP_ON_WALL = 4


def _point(say, question, notes):
    return {"say": say, "question": question, "notes": notes, "minutes": 4}


MODULES = [
    (
        "service-makes-work-easier",
        {
            "title": "Great service makes every job easier",
            "theme": "Why service is worth the effort for the person giving it",
            "audience": "Everyone who deals with residents or colleagues",
            "objectives": [
                "Explain how a calm, well-served resident takes less of your time than an upset one",
                "Connect good service with less stress at the end of the day",
                "See every call, email, counter visit and field visit as a moment that shapes the county's name",
            ],
            "talking_points": [
                _point(
                    "A resident who feels brushed off comes back, calls again, asks for a supervisor and tells the "
                    "neighbours. The same question answered well the first time is over in minutes.",
                    "Think of the longest conversation you had this month. What made it long?",
                    "Let two or three people tell their story. Point out how often the delay began with the "
                    "resident feeling unheard, not with the problem itself.",
                ),
                _point(
                    "Stress follows conflict. When we open with a greeting, explain what happens next and keep our "
                    "promises, we have fewer arguments to carry home.",
                    "Which part of your day drains you most, and is it the work or the friction around it?",
                    "Keep it practical. Write the answers on the board under 'work' and 'friction'.",
                ),
                _point(
                    "Every touchpoint counts: the recorded message, the form, the sign on the door, the tone of an "
                    "email. Residents judge the whole county by the one piece they met. Colleagues in other "
                    "departments are our customers too.",
                    "Which of our touchpoints would you fix first if you were a resident?",
                    "Remind the group that internal customers count: the payroll question from a colleague is "
                    "served the same way as a resident's.",
                ),
            ],
            "exercise": (
                "In pairs, list the five touchpoints a resident meets most often in your unit (for example: phone "
                "menu, front counter, bill, website page, crew on the street). For each, write one thing that makes "
                "it harder than it needs to be and one small change the team could make this month."
            ),
            "tips": [
                "Greet first, then ask how you can help.",
                "Say what will happen next and when.",
                "Close the loop: call back when you said you would, even if only to say you are still working on it.",
                "Treat the hundredth caller with the same question like the first.",
            ],
            "wrap_up_questions": WRAP_UP,
            "word_prompt": WORD_PROMPT,
            "commitment_prompt": "One thing I will do to improve my service:",
            "closing": "Good service is not extra work on top of the job; done well, it takes work off the job.",
        },
    ),
    (
        "problem-solver-not-rule-reciter",
        {
            "title": "The public servant as a problem solver",
            "theme": "Using the room the rules leave to help people",
            "audience": "Front-line staff and their supervisors",
            "objectives": [
                "Tell the difference between reciting a rule and solving the resident's problem",
                "Find the room the rules leave for judgment, and use it",
                "Turn the word 'bureaucrat' into a compliment",
            ],
            "talking_points": [
                _point(
                    "Rules exist to get fair and consistent results. Quoting the rule number to a resident is rarely "
                    "the result anyone wanted. The question to ask is: what is this person trying to get done?",
                    "When did someone follow the rules perfectly and still leave you unhelped?",
                    "Collect one or two examples from the group's own lives as customers of other organisations.",
                ),
                _point(
                    "Most rules leave room: which form, which deadline, which alternative, who else can help. Knowing "
                    "that room well is what makes a professional.",
                    "Name a rule in our unit that people ask about every week. What options does it actually leave?",
                    "If the group is unsure about the room a rule leaves, note the question and promise an answer "
                    "from the supervisor within a week.",
                ),
                _point(
                    "'Bureaucrat' only means someone who works in a bureau. We decide whether it sounds like a "
                    "complaint or like the person who knew how to get things done.",
                    "What does being a public servant mean to you?",
                    "This is the reflection question for the session: invite people to write their answer afterwards.",
                ),
            ],
            "exercise": (
                "Take three real requests the unit refused last month. For each, write the rule behind the refusal, "
                "what the resident needed, and one thing we could have offered within the rules: another route, a "
                "referral, an extension, a clear explanation."
            ),
            "tips": [
                "Start from what the person needs, then look for the rule that gets them there.",
                "Offer an alternative with every refusal.",
                "If you are not allowed to decide, find out quickly who can, and tell the resident their name.",
            ],
            "wrap_up_questions": WRAP_UP,
            "commitment_prompt": "One thing I will do to improve my service:",
            "closing": "The rules are our tools. Residents remember the people who knew how to use them for them.",
        },
    ),
    (
        "listening-for-the-real-need",
        {
            "title": "Listening for the real need",
            "theme": "Hearing what residents need, not only what they ask",
            "audience": "Anyone who answers phones, counters or emails",
            "objectives": [
                "Practise questions that uncover the need behind a request",
                "Check understanding before acting on it",
                "Pass on what residents tell us so the service itself improves",
            ],
            "talking_points": [
                _point(
                    "People often ask for the thing they think exists: 'a form', 'the manager', 'a refund'. Behind it "
                    "is a need: to keep the water on, to get the permit before the builder leaves, to be treated "
                    "fairly.",
                    "What is a request you hear often where the real need is different?",
                    "Model the habit: ask 'what are you hoping to get done today?' before reaching for a form.",
                ),
                _point(
                    "Listening well is visible: let people finish, repeat back what you heard in your own words, and "
                    "ask before you assume. It saves the second call.",
                    "How do you show someone on the phone that you are listening?",
                    "Ask a volunteer to play a resident with a muddled request; let another repeat it back.",
                ),
                _point(
                    "How do we know what residents need? Complaints, survey comments and the questions we answer "
                    "every day tell us. When we change something because of them, we say so.",
                    "What do residents complain about most in our unit, and have we changed anything because of it?",
                    "Note the top answer and give it to the supervisor: it is material for the next team meeting.",
                ),
            ],
            "exercise": (
                "Write down the three questions your unit hears most. For each, write what people usually ask for, "
                "what they actually need, and one question staff could ask to find out quickly."
            ),
            "tips": [
                "Ask 'what are you hoping to get done?' early.",
                "Repeat back the request before you act on it.",
                "Write down the words residents use; they belong on our website and letters.",
            ],
            "wrap_up_questions": WRAP_UP,
            "commitment_prompt": "One thing I will do to improve my service:",
            "closing": "The fastest answer is the one to the right question.",
        },
    ),
    (
        "saying-no-well",
        {
            "title": "Saying no well",
            "theme": "Explaining a decision so people feel respected even when the answer is no",
            "audience": "Everyone who gives residents decisions",
            "objectives": [
                "Explain how a decision was reached, not only what it is",
                "Offer what is possible alongside what is not",
                "Keep the conversation respectful when the resident is upset",
            ],
            "talking_points": [
                _point(
                    "A 'no' without a reason sounds arbitrary. A 'no' with the reason, the rule behind it and what "
                    "the person can do next is something most people can accept, even if they do not like it.",
                    "Think of a time you were told no and still felt respected. What did the other person do?",
                    "Draw out the pattern: reason, route, respect.",
                ),
                _point(
                    "There is almost always a 'yes' nearby: a different programme, a later date, a partial option, "
                    "a referral, an appeal. Lead with it.",
                    "What 'nearby yes' can our unit offer with the refusals we give most often?",
                    "List the answers; they can become a one-page guide for the counter.",
                ),
                _point(
                    "Upset people take longer to serve and are harder to serve. Stay calm, acknowledge the feeling, "
                    "and do not argue about it. The feeling is real even when the request cannot be granted.",
                    "What words help you stay calm when someone is angry with you?",
                    "Keep it short and safe: people can share phrases, not stories about named residents.",
                ),
            ],
            "exercise": (
                "In threes: one resident, one employee, one observer. Use a refusal your unit really gives. The "
                "employee explains the decision, offers a nearby yes and says how to appeal. The observer notes one "
                "thing that worked and one to try differently. Swap roles once."
            ),
            "tips": [
                "Give the reason and the rule in plain words.",
                "Offer the nearby yes before the resident has to ask.",
                "Say how to appeal or who else can help, and write it down for them.",
            ],
            "wrap_up_questions": WRAP_UP,
            "commitment_prompt": "One thing I will do to improve my service:",
            "closing": "People forget the answer sooner than they forget how they were treated while hearing it.",
        },
    ),
]

COMMON = {
    "objectives_minutes": 2,
    "exercise_minutes": 4,
    "wrap_up_minutes": 2,
    "duration_minutes": 20,
    "attribution": ATTRIBUTION,
}

REFLECTION_PROMPTS = [
    "What does being a public servant mean to you?",
    "What does being a 'bureaucrat' mean to you, and how do you counter its negative image?",
    "When did you last solve a resident's problem rather than answer their question?",
]

REFLECTIONS = [
    "It means the people I serve are also my neighbours. I want them to leave the counter knowing what happens next.",
    "For me it is about being fair: everyone gets the same careful answer, whoever they are.",
    "I used to hear 'bureaucrat' as an insult. Now I try to be the person who knows how the system works and uses it for people.",
    "Being a public servant means I answer for the whole county, not just my desk.",
    "I counter the image by calling people back when I say I will. It surprises them every time.",
    "Solving a problem sometimes means walking the resident to the right office instead of pointing.",
    "I think about the caller who has already been transferred three times and try to be the last transfer.",
]

ANSWERS = [
    (
        "Because residents cannot choose another county office, so we owe them our best.",
        "A clear next step and a name to call.",
    ),
    ("Every contact shapes whether people trust us.", "Being greeted and not rushed."),
    ("It makes our own days calmer.", "Someone repeating back what I asked for."),
    ("Good service saves everyone time, including us.", "A call back when they promised."),
]

COMMITMENTS = [
    "Call back every voicemail the same day, even if only to say when I will have an answer.",
    "Greet everyone at the counter before looking at their paperwork.",
    "Offer one alternative with every refusal.",
    "Repeat back each caller's request before I start looking it up.",
    "Write down the words residents use and send them to our web editor once a month.",
    "Walk residents to the right office instead of pointing down the hall.",
    "Explain the rule behind a decision in one plain sentence.",
    "Ask 'what are you hoping to get done today?' at the start of each call.",
]

FOLLOW_UP_NOTES = {
    "kept": ["Did it every day; the repeat calls have dropped.", "It became a habit after the first week."],
    "partly": ["Most days, but not on the busy Mondays.", "Harder than I expected when the queue is long."],
    "not_yet": ["We were short-staffed all month; I will try again.", "I forgot after the first week."],
}

FEEDBACK_COMMENTS = [
    "Short and useful, I could use the tips the same afternoon.",
    "The exercise with our own touchpoints was the best part.",
    "More time for the role play next time, please.",
    "",
    "Good to hear how other units handle the same questions.",
]


# --- The seeder --------------------------------------------------------------------------------------

PROGRAM_NAME = "Signature Service Ambassador"

# days before today, module index, invited department codes, reflection prompt index (None: no prompt)
PAST_SESSIONS = [
    (150, 0, ["PW-WATER", "PW-ROADS"], 0),
    (120, 1, ["PW-WATER", "HHS-BEN"], 1),
    (95, 2, ["PW-WATER", "MVL"], 2),
    (70, 0, ["HHS-CLINIC", "PERMITS"], 0),
    (48, 3, ["PW-WASTE", "LIB", "PW-WATER"], None),
    (33, 1, ["HHS-CLINIC", "PERMITS"], 1),
    (12, 2, ["HHS-CLINIC", "PERMITS"], 2),
]
# days after today, module index, invited department codes, location or None for a video call
# The first is on the seeding day, so the trainer's home page shows a session today.
UPCOMING_SESSIONS = [
    (0, 1, ["PW-WATER"], "Water billing office, back room"),
    (6, 3, ["PARKS", "PW-WATER"], "Lakeshore visitor center, meeting room"),
    (13, 0, ["MVL"], None),
]
ROOMS = ["Courthouse training room B", "Elm Street conference room", "Dockside Road break room", None]
VIDEO_LINK = "https://meet.example.gov/harbor-training"
STATUS_WEIGHTS = [("present", 75), ("late", 10), ("absent", 10), ("excused", 5)]


def seed_training(rng: random.Random) -> dict:
    """Modules, a program, past and upcoming sessions with everything that follows them.

    Sessions are only created on the first run (the demo's history is relative to that day), so a second
    run finds them and changes nothing.
    """
    versions = [_seed_module(slug, content) for slug, content in MODULES]
    program = _seed_program(versions)
    if Session.objects.filter(module_version__in=versions).exists():
        return _summary(program)
    trainer = Employee.objects.get(user__username="trainer")
    elena = Employee.objects.get(user__username="employee")
    departments = {department.code: department for department in Department.objects.all()}
    today = timezone.localdate()
    for index, (days_ago, module_index, codes, prompt) in enumerate(PAST_SESSIONS):
        session = _schedule(
            versions[module_index],
            trainer,
            today - timedelta(days=days_ago),
            index,
            [departments[code] for code in codes],
            prompt,
            location=ROOMS[index % len(ROOMS)],
        )
        _run_past_session(rng, session, elena, today)
    for index, (days_ahead, module_index, codes, location) in enumerate(UPCOMING_SESSIONS):
        session = _schedule(
            versions[module_index],
            trainer,
            today + timedelta(days=days_ahead),
            index,
            [departments[code] for code in codes],
            None,
            location=location,
        )
        add_departments_to_roster(by=_trainer(), session=session, departments=session.invited_departments.all())
    _seed_session_about_to_start(versions[1], trainer, departments["PW"])
    _seed_workshop(versions[0])
    _seed_self_paced(rng, versions[3], today)
    return _summary(program)


def _seed_module(slug: str, content: dict) -> ModuleVersion:
    module = Module.objects.filter(slug=slug).first()
    if module is not None:
        return module.published_version() or publish_module(by=_trainer(), module=module)
    create_module(by=_trainer(), slug=slug, content={**COMMON, **content})
    return publish_module(by=_trainer(), module=Module.objects.get(slug=slug))


def _seed_program(versions: list[ModuleVersion]) -> Program:
    program, created = Program.objects.get_or_create(
        name=PROGRAM_NAME,
        defaults={
            "name_es": "Embajador del Servicio Distintivo",
            "description_en": "The county's core customer-service track. Complete all three modules to become a "
            "customer service ambassador for your team.",
            "description_es": "El programa central de servicio al cliente del condado. Complete los tres módulos "
            "para ser embajador del servicio al cliente de su equipo.",
            "renewal_months": 24,
        },
    )
    if created:
        for order, version in enumerate(versions[:3]):
            ProgramModule.objects.create(program=program, module=version.module, order=order)
    return program


def _trainer() -> User:
    """The demo's trainer account: the person who does, in the demo, what a trainer does."""
    return User.objects.get(username="trainer")


def _schedule(version, trainer, day, index, departments, prompt, location=None) -> Session:
    """A session at 9, 11 or 13 o'clock; without a location it is a video call."""
    return schedule_session(
        module_version=version,
        facilitator=trainer,
        by=_trainer(),
        starts_at=timezone.make_aware(datetime.combine(day, time(9 + 2 * (index % 3), 0))),
        location=location or "",
        video_link="" if location else VIDEO_LINK,
        capacity=30,
        invited_departments=departments,
        reflection_prompt=REFLECTION_PROMPTS[prompt] if prompt is not None else "",
    )


def _seed_session_about_to_start(version: ModuleVersion, trainer: Employee, department: Department) -> None:
    """A session starting a quarter of an hour after seeding, its roster built and attendance not yet taken:
    the trainer's "Mark all present" is ready to use (attendance opens shortly before the start)."""
    session = schedule_session(
        module_version=version,
        facilitator=trainer,
        by=_trainer(),
        starts_at=timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=15),
        location="Training room B",
        capacity=30,
        invited_departments=[department],
    )
    add_departments_to_roster(by=_trainer(), session=session, departments=[department])


def _seed_workshop(version: ModuleVersion) -> None:
    """The first module's latest past session run as a workshop: open, with anonymous answers, a few on the wall."""
    session = (
        Session.objects.filter(module_version=version, starts_at__lt=timezone.now()).order_by("-starts_at").first()
    )
    if session is None:
        return
    session = set_workshop_open(session=session, open=True, by=_trainer())
    prompts = prompts_for(version, session)
    for good, bad in WORKSHOP_WORDS:
        submit_workshop_answers(
            session=session, employee=None, read=read_answers(prompts, {"words-good": good, "words-bad": bad})
        )
    for text in WORKSHOP_ANSWERS:
        submit_workshop_answers(session=session, employee=None, read=read_answers(prompts, {"q0": text}))
    for answer in session.workshop_answers.order_by("pk")[:WORKSHOP_ON_WALL]:
        moderate_answer(answer=answer, status=WorkshopAnswerStatus.PUBLISHED, by=_trainer())
    for answer in session.workshop_answers.filter(kind="text").order_by("pk")[:2]:
        moderate_answer(answer=answer, status=WorkshopAnswerStatus.PUBLISHED, by=_trainer())


def _run_past_session(rng: random.Random, session: Session, elena: Employee, today) -> None:
    """Roster, attendance, then reflections, commitments in every follow-up state, and feedback."""
    add_departments_to_roster(by=_trainer(), session=session, departments=session.invited_departments.all())
    people = [attendance.employee for attendance in session.attendances.select_related("employee")]
    statuses = {person.pk: _status(rng, person, elena) for person in people}
    record_attendance(by=_trainer(), session=session, statuses=statuses, now=session.starts_at)
    held_on = timezone.localdate(session.starts_at)
    for person in people:
        if statuses[person.pk] not in ("present", "late"):
            continue
        if person == elena or rng.random() < 0.7:
            _reflect(rng, session, person, held_on, today)
        if rng.random() < 0.7:
            submit_feedback(
                session=session,
                employee=person,
                usefulness=rng.choice([3, 4, 4, 5, 5]),
                facilitator_rating=rng.choice([4, 4, 5, 5]),
                comment=rng.choice(FEEDBACK_COMMENTS),
            )


def _status(rng: random.Random, person: Employee, elena: Employee) -> str:
    if person == elena:
        return "present"
    names, weights = zip(*STATUS_WEIGHTS, strict=True)
    return rng.choices(names, weights)[0]


def _reflect(rng: random.Random, session: Session, person: Employee, held_on, today) -> None:
    reflection = submit_reflection(
        session=session,
        employee=person,
        wrap_up_answers=list(rng.choice(ANSWERS)),
        reflection=rng.choice(REFLECTIONS) if session.reflection_prompt else "",
        commitment=rng.choice(COMMITMENTS),
        written_on=held_on,
    )
    if reflection.reflection and rng.random() < 0.3:
        set_on_wall(by=_trainer(), reflection=reflection, on_wall=True)
    commitment = Commitment.objects.filter(session=session, employee=person).first()
    if commitment is None or commitment.follow_up_on > today:
        return
    # The daily task already reminded them; most answered, some are overdue.
    Commitment.objects.filter(pk=commitment.pk).update(
        reminder_sent_at=timezone.make_aware(datetime.combine(commitment.follow_up_on, time(2, 30)))
    )
    outcome = rng.choice(["kept", "kept", "partly", "not_yet", "pending"])
    if outcome != "pending":
        record_follow_up(
            commitment=commitment, outcome=outcome, note=rng.choice(FOLLOW_UP_NOTES[outcome]), by=_trainer()
        )


def _seed_self_paced(rng: random.Random, version: ModuleVersion, today) -> None:
    """A few people took the last module alone, between sessions."""
    people = Employee.objects.filter(department__code__in=["PARKS", "LIB"]).order_by("employee_number")[:4]
    for offset, person in enumerate(people):
        complete_self_paced(
            module_version=version,
            employee=person,
            wrap_up_answers=list(ANSWERS[offset]),
            commitment=COMMITMENTS[offset],
            today=today - timedelta(days=5 + offset),
        )


def _summary(program: Program) -> dict:
    elena_certificate = Certificate.objects.filter(employee__user__username="employee", program=program).first()
    return {
        "modules": Module.objects.count(),
        "sessions": Session.objects.count(),
        "ambassadors": program.certificates.count(),
        "verification_url": elena_certificate.get_verification_url() if elena_certificate else None,
        "workshop": Session.objects.filter(workshop_open=True).exclude(workshop_code=None).first(),
    }
