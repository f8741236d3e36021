import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from evaluations.models import Award, Evaluation
from serviceculture.money import format_money


class EvaluationTable(tables.Table):
    employee = tables.Column(
        verbose_name=_("Employee"),
        linkify=lambda record: record.get_absolute_url(),
        order_by=("employee__last_name", "employee__first_name"),
    )
    department = tables.Column(verbose_name=_("Department"), order_by=("department__path",))
    evaluator = tables.Column(verbose_name=_("Evaluator"), order_by=("evaluator__last_name",))
    cycle = tables.Column(verbose_name=_("Cycle"))
    status = tables.Column(verbose_name=_("Status"))
    score = tables.Column(verbose_name=_("Score"), attrs={"td": {"class": "text-end"}})
    customer_service_score = tables.Column(verbose_name=_("Customer service"), attrs={"td": {"class": "text-end"}})
    band = tables.Column(verbose_name=_("Band"))
    updated_at = tables.DateTimeColumn(verbose_name=_("Last change"), format="SHORT_DATETIME_FORMAT")

    class Meta:
        model = Evaluation
        fields = (
            "employee",
            "department",
            "evaluator",
            "cycle",
            "status",
            "score",
            "customer_service_score",
            "band",
            "updated_at",
        )
        order_by = ("department", "employee")
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_band(self, record: Evaluation) -> str:
        return record.band_label()  # the key is stored in English; the reader sees their language's name


class MoneyColumn(tables.Column):
    """An amount with thousands separators in the reader's language, right-aligned."""

    def __init__(self, **kwargs):
        super().__init__(attrs={"td": {"class": "text-end"}}, **kwargs)

    def render(self, value):
        return format_money(value)


class AwardTable(tables.Table):
    employee = tables.Column(verbose_name=_("Employee"), order_by=("employee__last_name",))
    department = tables.Column(verbose_name=_("Department"), order_by=("department__path",))
    band = tables.Column(verbose_name=_("Band"), accessor="evaluation__band")
    score = tables.Column(verbose_name=_("Score"), accessor="evaluation__score")
    salary_before = MoneyColumn()
    atb_amount = MoneyColumn()
    merit_amount = MoneyColumn()
    lump_sum = MoneyColumn()
    performance_payment = MoneyColumn()
    new_salary = MoneyColumn()

    class Meta:
        model = Award
        fields = (
            "employee",
            "department",
            "score",
            "band",
            "salary_before",
            "compa_ratio",
            "atb_percent",
            "merit_percent",
            "atb_amount",
            "merit_amount",
            "lump_sum",
            "performance_payment",
            "new_salary",
            "capped",
            "certified_by",
        )
        order_by = ("department", "employee")
        attrs = {"class": "table table-sm table-hover align-middle"}
