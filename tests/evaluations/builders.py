"""Test data for evaluations, on top of tests/factories.make_org()."""

from datetime import date
from decimal import Decimal

from evaluations.models import Criterion, Cycle, RatingBand, Template
from evaluations.services.cycles import open_cycle

BANDS = [
    ("Unsatisfactory", "1.00", "1.49"),
    ("Needs improvement", "1.50", "2.49"),
    ("Meets", "2.50", "3.49"),
    ("Exceeds", "3.50", "4.49"),
    ("Outstanding", "4.50", "5.00"),
]

# name, weight, customer service, critical
CRITERIA = [
    ("Courtesy and respect", "20", True, False),
    ("Explains decisions", "20", True, False),
    ("Accuracy", "30", False, True),
    ("Teamwork", "30", False, False),
]


def make_cycle(name: str = "FY2026", minimum: str = "30", fiscal_year: int = 2026) -> Cycle:
    """A cycle of the fiscal year July to June, with its bands, due in the summer after it ends."""
    cycle = Cycle.objects.create(
        name=name,
        fiscal_year=fiscal_year,
        period_start=date(fiscal_year - 1, 7, 1),
        period_end=date(fiscal_year, 6, 30),
        self_evaluation_due=date(fiscal_year, 7, 15),
        ratings_due=date(fiscal_year, 7, 31),
        review_due=date(fiscal_year, 8, 15),
        final_due=date(fiscal_year, 8, 31),
        min_customer_service_weight=Decimal(minimum),
    )
    for order, (band, low, high) in enumerate(BANDS):
        RatingBand.objects.create(cycle=cycle, name=band, low=Decimal(low), high=Decimal(high), order=order)
    return cycle


def make_template(name: str = "Front line", criteria=CRITERIA, departments=()) -> Template:
    template = Template.objects.create(name=name)
    for order, (criterion, weight, service, critical) in enumerate(criteria):
        Criterion.objects.create(
            template=template,
            name=criterion,
            weight=Decimal(weight),
            is_customer_service=service,
            is_critical=critical,
            order=order,
            anchor_1=f"{criterion}: rarely",
            anchor_5=f"{criterion}: always",
        )
    template.departments.set(departments)
    return template


def open_for(org, cycle: Cycle | None = None, template: Template | None = None) -> Cycle:
    """Open a cycle for the whole test county with one default template."""
    cycle = cycle or make_cycle()
    open_cycle(cycle=cycle, departments=[org.county], by=org.hr_user, default_template=template or make_template())
    return cycle


def ratings(evaluation, *values: int) -> dict[int, int]:
    """Map the evaluation's criteria (in order) to the given ratings."""
    return {score.pk: value for score, value in zip(evaluation.scores.order_by("order", "pk"), values, strict=True)}


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def signed_statement(name: str = "signed-statement.pdf", content: bytes = PDF_BYTES):
    """A scanned statement as the browser uploads it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def record_official(org, cycle, department, *, by=None, name="Commissioner Dana Ruiz"):
    """HR records an elected official's paper signature for the department (the heads' awards there)."""
    from evaluations.models import SignerRole
    from evaluations.services.certification import certify_department

    return certify_department(
        cycle=cycle,
        department=department,
        by=by or org.hr_user,
        signer_role=SignerRole.ELECTED_OFFICIAL,
        signer_name=name,
        signer_office="County Commissioner, District 3",
        signed_on=date(2026, 9, 1),
        document=signed_statement(),
    )
