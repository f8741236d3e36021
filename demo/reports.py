"""Demo data for the reports app: enhancement plans, served volumes and the quarterly reported figures.

Keyed on natural keys (department + description, quarter + service point, quarter + standard), so a second
run finds everything and changes nothing. The report tables themselves are filled by compute_metrics.
"""

import random
from datetime import timedelta
from decimal import Decimal

from org.models import Channel, Department, ServicePoint, ServiceStandard, StandardMeasure
from reports.models import Initiative, ReportedFigure, ServedVolume
from reports.periods import quarter_start
from serviceculture.dates import add_months, local_today

# department code, area, description, months from today to the target date, status
INITIATIVES = [
    (
        "PW",
        "technology",
        "Let residents report potholes with a photo from their phone and follow the repair online.",
        4,
        "under_way",
    ),
    (
        "PW",
        "training",
        "Every crew leader runs the 20-minute service refreshers with their crew once a month.",
        2,
        "under_way",
    ),
    (
        "PW-WATER",
        "customer_data",
        "Send a two-question survey by text after every service call and review it weekly.",
        3,
        "planned",
    ),
    (
        "PW-WATER",
        "leadership",
        "Supervisors spend one morning a month at the counter alongside the front-line staff.",
        -1,
        "done",
    ),
    (
        "HHS",
        "leadership",
        "Name a customer relations lead in each clinic who answers complaints within two days.",
        1,
        "done",
    ),
    (
        "HHS-BEN",
        "technology",
        "Show the status of a benefits application online so people stop calling to ask.",
        8,
        "planned",
    ),
    (
        "HHS-CLINIC",
        "customer_data",
        "Put the results of the waiting-room survey on the notice board every month.",
        2,
        "under_way",
    ),
    (
        "MVL",
        "technology",
        "Text people when their turn at the counter is near so they can wait outside.",
        5,
        "under_way",
    ),
    (
        "MVL",
        "training",
        "Train every clerk to explain a refused application and what to bring next time.",
        3,
        "planned",
    ),
    ("PARKS", "customer_data", "Ask park visitors by QR code what would make them come back more often.", -2, "done"),
    (
        "PERMITS",
        "technology",
        "Accept permit applications and payments online, with a checklist before you start.",
        10,
        "on_hold",
    ),
    (
        "LIB",
        "training",
        "Pair new library assistants with an experienced colleague for their first month.",
        1,
        "under_way",
    ),
]

# How the entered figures (minutes, days) vary around each standard's target.
FIGURE_SPREAD = (Decimal("0.6"), Decimal("1.3"))


def seed_reports(rng: random.Random) -> None:
    _seed_initiatives()
    quarters = _recent_quarters(4)
    _seed_served_volumes(rng, quarters)
    _seed_reported_figures(rng, quarters)


def _recent_quarters(count: int) -> list:
    """The last `count` finished quarters."""
    current = quarter_start(local_today())
    return [add_months(current, -3 * back) for back in range(1, count + 1)]


def _seed_initiatives() -> None:
    departments = Department.objects.in_bulk(field_name="code")
    today = local_today()
    for code, area, description, months, status in INITIATIVES:
        department = departments.get(code)
        if department is None:
            continue
        Initiative.objects.get_or_create(
            department=department,
            description=description,
            defaults={
                "area": area,
                "owner": department.head,
                "target_date": today + timedelta(days=30 * months),
                "status": status,
            },
        )


def _seed_served_volumes(rng: random.Random, quarters: list) -> None:
    """Counters and field crews count the survey cards they hand out; elsewhere the filing derives the offers
    from the links (single-use links issued, open links' form views), so no count is entered."""
    for point in ServicePoint.objects.filter(active=True).order_by("pk"):
        counted = point.channel in (Channel.COUNTER, Channel.FIELD)
        for quarter in quarters:
            served = rng.randint(400, 6000)
            ServedVolume.objects.get_or_create(
                quarter=quarter,
                service_point=point,
                defaults={"total_volume": served, "surveys_offered": served // rng.randint(3, 8) if counted else None},
            )


def _seed_reported_figures(rng: random.Random, quarters: list) -> None:
    low, high = FIGURE_SPREAD
    for standard in ServiceStandard.objects.filter(measure=StandardMeasure.REPORTED_FIGURE).order_by("pk"):
        for quarter in quarters:
            factor = low + (high - low) * Decimal(rng.randint(0, 100)) / 100
            ReportedFigure.objects.get_or_create(
                quarter=quarter,
                standard=standard,
                defaults={"value": (standard.target * factor).quantize(Decimal("0.1")), "note": "From the case system"},
            )
