"""Demo data for evaluations: three templates, a closed cycle (last fiscal year) with every evaluation
acknowledged, departments certified by their heads and, for the heads' own awards, by an elected official
(signed statements attached), and a computed pay plan with lump-sum performance payments, approved by the
program admin because HR recorded the paper signatures; and an open cycle (this fiscal
year's mid-year review) with evaluations in every state. Elena Marsh (`employee`) has a released evaluation to acknowledge; Marcus Bell (`head`) has
Public Works evaluations to review.

Cycles, evaluations, certifications and pay go through evaluations.services. Only the ratings of the
past are written directly (with the scores computed by the same code), because most department heads
of the demo county have no sign-in account to review them with.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.utils import timezone

from demo.job_classes import backfill_evaluations
from evaluations.models import (
    Criterion,
    Cycle,
    Evaluation,
    EvaluationScore,
    EvaluationStatus,
    LumpSumBasis,
    LumpSumKind,
    MeritKind,
    MeritRule,
    PayPlan,
    RatingBand,
    SignerRole,
    Template,
)
from evaluations.scoring import score_evaluation
from evaluations.services.certification import certify_department
from evaluations.services.cycles import close_cycle, open_cycle
from evaluations.services.pay import approve_pay_plan, compute_pay_plan, create_pay_plan
from org.models import Department, JobClass

Status = EvaluationStatus

BANDS = [
    ("Unsatisfactory", "1.00", "1.49"),
    ("Needs improvement", "1.50", "2.49"),
    ("Meets expectations", "2.50", "3.49"),
    ("Exceeds expectations", "3.50", "4.49"),
    ("Outstanding", "4.50", "5.00"),
]

# The Spanish a Spanish-speaking employee reads on their evaluation (evaluations/translation.py), keyed by the
# English text; an empty Spanish text shows the English one.
BANDS_ES = {
    "Unsatisfactory": "Insatisfactorio",
    "Needs improvement": "Necesita mejorar",
    "Meets expectations": "Cumple las expectativas",
    "Exceeds expectations": "Supera las expectativas",
    "Outstanding": "Sobresaliente",
}
CRITERIA_ES = {
    "Courtesy and respect": (
        "Cortesía y respeto",
        (
            "Trata a cada residente y a cada colega con paciencia y respeto, también a quien llama por centésima vez "
            "con la misma pregunta."
        ),
    ),
    "Explains decisions clearly": (
        "Explica las decisiones con claridad",
        "Cuenta cómo se tomó una decisión y qué puede hacer la persona después, incluso cuando la respuesta es no.",
    ),
    "Prompt follow-through": (
        "Seguimiento oportuno",
        "Responde llamadas, correos y solicitudes dentro de los estándares de servicio publicados y cierra cada caso.",
    ),
    "Accuracy and compliance": (
        "Exactitud y cumplimiento",
        (
            "Acierta en los hechos, los importes y las normas; aprovecha el margen que dejan las normas para ayudar, "
            "sin salirse de ellas."
        ),
    ),
    "Serving internal customers": (
        "Servicio a clientes internos",
        (
            "Trata a los colegas de otras unidades como clientes: comparte información, entrega el trabajo completo y "
            "echa una mano."
        ),
    ),
    "Improving the service": (
        "Mejora del servicio",
        "Escucha de qué se quejan los residentes, propone cambios y los pone a prueba.",
    ),
    "Leading a service culture": (
        "Liderar una cultura de servicio",
        (
            "Fija expectativas de servicio, deja que el personal decida rápido a favor de los residentes y pide cuentas "
            "al equipo."
        ),
    ),
}


def _cycle_name_es(name: str) -> str:
    """ "FY2026 performance year" -> "Año de desempeño FY2026"; "FY2027 mid-year review" -> "Revisión de medio
    año FY2027"."""
    year, _space, kind = name.partition(" ")
    spanish = {"performance year": "Año de desempeño", "mid-year review": "Revisión de medio año"}
    return f"{spanish[kind]} {year}" if kind in spanish else ""


def _criterion(name, weight, service, critical, description, anchors):
    return {
        "name": name,
        "weight": Decimal(weight),
        "is_customer_service": service,
        "is_critical": critical,
        "description": description,
        **{f"anchor_{level}": text for level, text in enumerate(anchors, start=1)},
    }


COURTESY = _criterion(
    "Courtesy and respect",
    "20",
    True,
    False,
    "Treats every resident and colleague with patience and respect, including the hundredth caller with the same question.",
    [
        "Residents or colleagues regularly report rude or dismissive treatment.",
        "Usually polite, but patience runs out under pressure.",
        "Courteous and respectful in ordinary and busy moments alike.",
        "Calms upset residents and is asked for by name.",
        "A model for the team: turns difficult encounters around and coaches others to do the same.",
    ],
)
EXPLAINS = _criterion(
    "Explains decisions clearly",
    "15",
    True,
    False,
    "Says how a decision was reached and what the person can do next, even when the answer is no.",
    [
        "Gives answers without reasons; residents leave confused.",
        "Explains when asked, not always clearly.",
        "Explains the rule, the reason and the next step in plain words.",
        "Anticipates the follow-up questions and answers them first.",
        "Writes explanations the whole team reuses; complaints about unclear answers disappear.",
    ],
)
RESPONSIVE = _criterion(
    "Prompt follow-through",
    "15",
    True,
    False,
    "Answers calls, emails and requests within the published service standards and closes the loop.",
    [
        "Often misses the standards; residents have to chase.",
        "Meets the standards some of the time.",
        "Meets the standards and tells people when something will take longer.",
        "Beats the standards and follows up without being asked.",
        "Finds and fixes the causes of delays for the whole unit.",
    ],
)
ACCURACY = _criterion(
    "Accuracy and compliance",
    "25",
    False,
    True,
    "Gets the facts, amounts and rules right; uses the room the rules leave to help, never beyond them.",
    [
        "Frequent errors that cost residents money or time, or a serious breach of the rules.",
        "Errors that need others to catch them.",
        "Accurate work that rarely needs correcting.",
        "Accurate and quick to spot errors in the process.",
        "Sets the standard for accuracy; improves checklists and guidance.",
    ],
)
TEAMWORK = _criterion(
    "Serving internal customers",
    "15",
    False,
    False,
    "Treats colleagues in other units as customers: shares information, hands over cleanly, helps out.",
    [
        "Hands over incomplete work; colleagues avoid asking for help.",
        "Helps when asked, but hand-overs often need redoing.",
        "Reliable partner to other units.",
        "Offers help before being asked; hand-overs are complete.",
        "Builds working links between units that residents notice.",
    ],
)
IMPROVEMENT = _criterion(
    "Improving the service",
    "10",
    False,
    False,
    "Listens to what residents complain about, suggests changes and tries them.",
    [
        "Resists changes to how the work is done.",
        "Accepts changes but does not suggest any.",
        "Passes on what residents say and takes part in improvements.",
        "Proposes improvements that are adopted.",
        "Leads an improvement that measurably changes residents' experience.",
    ],
)
LEADING = _criterion(
    "Leading a service culture",
    "25",
    True,
    False,
    "Sets service expectations, lets staff decide quickly for residents, and holds the team accountable.",
    [
        "No service expectations are set; problems are left to front-line staff.",
        "Expectations are set but not followed up.",
        "Clear expectations, regular feedback, staff trusted to decide.",
        "Uses survey results and complaints to coach the team.",
        "The unit's results and staff engagement improve measurably.",
    ],
)

TEMPLATES = [
    (
        "Front-line service",
        "For staff who serve residents at counters, on the phone and online.",
        ["HC"],
        "",
        [COURTESY, EXPLAINS, RESPONSIVE, ACCURACY, TEAMWORK, IMPROVEMENT],
    ),
    (
        "Field and technical service",
        "For crews, inspectors and technicians who serve residents on site.",
        [],
        "Road maintenance technician\nBridge inspector\nMeter technician\nCollection driver\nBuilding inspector",
        [
            dict(COURTESY, weight=Decimal("15")),
            dict(EXPLAINS, weight=Decimal("15")),
            RESPONSIVE,
            dict(ACCURACY, weight=Decimal("35")),
            dict(TEAMWORK, weight=Decimal("10")),
            dict(IMPROVEMENT, weight=Decimal("10")),
        ],
    ),
    (
        "Leaders and supervisors",
        "For heads of departments and divisions and crew supervisors.",
        [],
        "Crew supervisor\nDirector of Public Works\nHR manager\nCustomer service program director",
        [
            LEADING,
            dict(COURTESY, weight=Decimal("10")),
            dict(RESPONSIVE, weight=Decimal("10")),
            dict(ACCURACY, weight=Decimal("25")),
            dict(TEAMWORK, weight=Decimal("15")),
            dict(IMPROVEMENT, weight=Decimal("15")),
        ],
    ),
]


def _cycle_calendars(today: date) -> tuple[dict, dict]:
    """The previous fiscal year (closed) and the mid-year review of the current one (open), around today,
    so that the evidence panel finds the demo's recent survey answers and training in the open cycle."""
    start = date(today.year if today.month >= 7 else today.year - 1, 7, 1)
    previous = date(start.year - 1, 7, 1)
    closed = {
        "name": f"FY{start.year} performance year",
        "fiscal_year": start.year,
        "period_start": previous,
        "period_end": start - timedelta(days=1),
        "self_evaluation_due": start + timedelta(days=14),
        "ratings_due": start + timedelta(days=30),
        "review_due": start + timedelta(days=45),
        "final_due": start + timedelta(days=59),
        "min_customer_service_weight": Decimal("30"),
    }
    current = {
        "name": f"FY{start.year + 1} mid-year review",
        "fiscal_year": start.year + 1,
        "period_start": start,
        "period_end": date(start.year, 12, 31),
        "self_evaluation_due": today - timedelta(days=10),
        "ratings_due": today - timedelta(days=3),
        "review_due": today + timedelta(days=14),
        "final_due": today + timedelta(days=28),
        "min_customer_service_weight": Decimal("30"),
    }
    return closed, current


# Matrix of the closed cycle's plan: band -> % below the zone, in the zone, above it (a 3 % budget).
MATRIX = {
    "Outstanding": ("7", "5", "3.5"),
    "Exceeds expectations": ("5", "4", "2.5"),
    "Meets expectations": ("3.5", "2.5", "1.5"),
}

# Lump-sum performance payments, % of salary: higher for those low in their range, who gain least from merit.
PERFORMANCE_MATRIX = {
    "Outstanding": ("2", "2.5", "3"),
    "Exceeds expectations": ("1", "1.5", "2"),
    "Meets expectations": ("0", "0.5", "1"),
}

ELECTED_OFFICIAL = "Commissioner Ruth Alvarez"
ELECTED_OFFICE = "County Commissioner, District 2"


def seed_evaluations(rng: random.Random) -> dict:
    """Returns a summary for seed_demo to print."""
    hr = User.objects.get(username="hr")
    templates = _seed_templates()
    closed_calendar, open_calendar = _cycle_calendars(timezone.localdate())
    closed = Cycle.objects.filter(name=closed_calendar["name"]).first() or _seed_closed_cycle(
        rng, hr, templates[0], closed_calendar
    )
    current = Cycle.objects.filter(name=open_calendar["name"]).first() or _seed_open_cycle(
        rng, hr, templates[0], open_calendar
    )
    backfill_evaluations(Evaluation.objects.all())
    _fill_in_spanish()
    return {"closed": closed, "open": current}


def _fill_in_spanish() -> None:
    """The Spanish of cycles, bands and criteria, also in a demo seeded before they had any (only where empty, so
    what someone typed in admin stays). The copies frozen into evaluations get it too: they were made in English."""
    for cycle in Cycle.objects.filter(name_es__isnull=True):
        Cycle.objects.filter(pk=cycle.pk).update(name_es=_cycle_name_es(cycle.name_en or "") or None)
    for english, spanish in BANDS_ES.items():
        RatingBand.objects.filter(name_en=english, name_es__isnull=True).update(name_es=spanish)
    for model in (Criterion, EvaluationScore):
        for english, (name, description) in CRITERIA_ES.items():
            model.objects.filter(name_en=english, name_es__isnull=True).update(name_es=name, description_es=description)


# Which job classes each template judges (demo/job_classes.py); caseworkers have none, so they fall back to their
# department's template or the cycle's default.
TEMPLATE_JOB_CLASSES = {
    "Front-line service": ["CS-COUNTER", "CS-CONTACT"],
    "Field and technical service": ["CS-FIELD"],
    "Leaders and supervisors": ["CS-LEAD"],
}


def _seed_templates() -> list[Template]:
    templates = []
    for name, description, department_codes, job_titles, criteria in TEMPLATES:
        template = Template.objects.filter(name=name).first()
        if template is None:
            template = Template.objects.create(name=name, description=description, job_titles=job_titles)
            template.departments.set(Department.objects.filter(code__in=department_codes))
            for order, fields in enumerate(criteria):
                Criterion.objects.create(template=template, order=order, **fields)
        if not template.job_classes.exists():  # also fills in a demo seeded before job classes existed
            template.job_classes.set(JobClass.objects.filter(code__in=TEMPLATE_JOB_CLASSES.get(name, [])))
        templates.append(template)
    return templates


def _new_cycle(fields: dict) -> Cycle:
    cycle = Cycle.objects.create(**fields)
    RatingBand.objects.bulk_create(
        RatingBand(cycle=cycle, name=name, low=Decimal(low), high=Decimal(high), order=order)
        for order, (name, low, high) in enumerate(BANDS)
    )
    return cycle


def _ratings(rng: random.Random, count: int, *, low: bool = False) -> list[int]:
    if low:
        return [rng.choice([1, 2, 2]) for _ in range(count)]
    return [rng.choices([2, 3, 4, 5], weights=[1, 5, 6, 3])[0] for _ in range(count)]


def _rate(evaluation: Evaluation, values: list[int], *, reviewed: bool, when: datetime, hr) -> None:
    """Write the evaluator's ratings (and, after review, the same final ratings) and the resulting score."""
    scores = list(evaluation.scores.order_by("order", "pk"))
    for score, value in zip(scores, values, strict=True):
        score.initial_rating = score.final_rating = value
        score._history_user = hr  # type: ignore[attr-defined]  # simple-history reads who acted from here
        score.save()
    score_evaluation(evaluation, scores)
    evaluation.rated_at = when
    if reviewed:
        evaluation.reviewed_at = when


def _advance(evaluation: Evaluation, status: str, rng: random.Random, when: datetime, hr) -> None:
    """Bring one evaluation to a status, with ratings that fit it (low ones for HR review)."""
    order = list(Status.values)
    reached = order.index(status)
    if reached >= order.index(Status.RATED):
        values = _ratings(rng, evaluation.scores.count(), low=status == Status.HR_REVIEW)
        if status == Status.RATED:
            values = [max(value, 3) for value in values]  # a summary in the two lowest bands would go to HR
        _rate(evaluation, values, reviewed=reached >= order.index(Status.REVIEWED), when=when, hr=hr)
        evaluation.went_to_hr = evaluation.band in evaluation.cycle.low_band_names()
        evaluation.evaluator_comment = "Ratings discussed with the employee in a one-to-one meeting."
    if status == Status.SELF_EVALUATION:
        evaluation.self_assessment = ""
    stamps = {Status.FINALISED: "finalised_at", Status.RELEASED: "released_at", Status.ACKNOWLEDGED: "acknowledged_at"}
    for step, field in stamps.items():
        if reached >= order.index(step):
            setattr(evaluation, field, when)
    if status == Status.ACKNOWLEDGED and rng.random() < 0.2:
        evaluation.employee_comment = "I have read this. I would like more training on the new billing system."
    evaluation.status = status
    evaluation._history_user = hr  # type: ignore[attr-defined]  # simple-history reads who acted from here
    evaluation.save()


def _seed_closed_cycle(rng: random.Random, hr, default_template: Template, calendar: dict) -> Cycle:
    cycle = _new_cycle(calendar)
    open_cycle(
        cycle=cycle,
        departments=Department.objects.filter(parent__isnull=True),
        by=hr,
        default_template=default_template,
    )
    when = timezone.make_aware(datetime.combine(cycle.review_due, time(10)))
    for evaluation in Evaluation.objects.filter(cycle=cycle).select_related("cycle"):
        _advance(evaluation, Status.ACKNOWLEDGED, rng, when, hr)
    _certify_all(cycle, hr)
    _seed_pay_plan(cycle, hr)
    close_cycle(cycle=cycle, by=hr)
    return cycle


def _certify_all(cycle: Cycle, hr) -> None:
    """Public Works signs online (the `head` account); the other heads signed on paper and HR recorded it. The
    heads' own awards are certified by the county commissioner, on paper, recorded by HR with the scan."""
    head = User.objects.get(username="head")
    signed_on = min(cycle.final_due + timedelta(days=3), timezone.localdate())
    for department in Department.objects.filter(depth=1).select_related("head"):
        if not department.head:
            continue
        if department.head.user_id == head.pk:
            certify_department(cycle=cycle, department=department, by=head)
        else:
            paper = _signed_statement(department.head.full_name, department.name, signed_on)
            certify_department(
                cycle=cycle,
                department=department,
                by=hr,
                signer_name=department.head.full_name,
                signed_on=signed_on,
                document=paper,
            )
        certify_department(
            cycle=cycle,
            department=department,
            by=hr,
            signer_role=SignerRole.ELECTED_OFFICIAL,
            signer_name=ELECTED_OFFICIAL,
            signer_office=ELECTED_OFFICE,
            signed_on=signed_on,
            document=_signed_statement(ELECTED_OFFICIAL, department.name, signed_on),
        )


def _signed_statement(name: str, department: str, signed_on: date) -> ContentFile:
    """A one-page PDF standing in for the scan of a statement signed on paper."""
    text = f"Certification of awards, {department}. Signed: {name}, {signed_on.isoformat()}."
    safe = text.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 12 Tf 56 760 Td ({safe}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>"
        ),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return ContentFile(bytes(out), name="signed-statement.pdf")


def _seed_pay_plan(cycle: Cycle, hr) -> None:
    """A merit matrix with lump-sum performance payments by band and compa-ratio zone. HR recorded the paper
    certifications, so the program admin approves the payroll (the separation of duties)."""
    plan = create_pay_plan(cycle=cycle, by=hr)
    PayPlan.objects.filter(pk=plan.pk).update(
        atb_percent=Decimal("2.00"),
        atb_minimum_score=Decimal("2.50"),
        merit_kind=MeritKind.MATRIX,
        lump_sum_kind=LumpSumKind.MATRIX,
        lump_sum_basis=LumpSumBasis.PERCENT,
        cap_percent=Decimal("10.00"),
        budget_pool=Decimal("400000.00"),
    )
    for band, (below, within, above) in MATRIX.items():
        lump_below, lump_within, lump_above = PERFORMANCE_MATRIX[band]
        MeritRule.objects.filter(plan=plan, band=band).update(
            below_zone_percent=Decimal(below),
            in_zone_percent=Decimal(within),
            above_zone_percent=Decimal(above),
            lump_sum_below_zone=Decimal(lump_below),
            lump_sum_in_zone=Decimal(lump_within),
            lump_sum_above_zone=Decimal(lump_above),
        )
    compute_pay_plan(plan=plan, by=hr)
    approve_pay_plan(plan=plan, by=User.objects.get(username="admin"))


# Statuses of the open cycle, handed out in turn so that every department shows a mix.
SPREAD = [
    Status.DRAFT,
    Status.SELF_EVALUATION,
    Status.RATED,
    Status.REVIEWED,
    Status.FINALISED,
    Status.RELEASED,
    Status.ACKNOWLEDGED,
    Status.HR_REVIEW,
    Status.DRAFT,
    Status.RATED,
]


def _seed_open_cycle(rng: random.Random, hr, default_template: Template, calendar: dict) -> Cycle:
    cycle = _new_cycle(calendar)
    open_cycle(
        cycle=cycle,
        departments=Department.objects.filter(parent__isnull=True),
        by=hr,
        default_template=default_template,
    )
    when = timezone.now()
    public_works = Department.objects.get(code="PW")
    evaluations = (
        Evaluation.objects.filter(cycle=cycle)
        .select_related("cycle", "employee__user")
        .order_by("employee__employee_number")
    )
    for index, evaluation in enumerate(evaluations):
        if evaluation.employee.user and evaluation.employee.user.username == "employee":
            status = Status.RELEASED  # Elena acknowledges it in the demo
        elif evaluation.employee.user and evaluation.employee.user.username == "head":
            status = Status.SELF_EVALUATION
        elif evaluation.department.path.startswith(public_works.path) and index % 3:
            status = Status.RATED  # for `head` to review
        else:
            status = SPREAD[index % len(SPREAD)]
        _advance(evaluation, status, rng, when, hr)
    return cycle
