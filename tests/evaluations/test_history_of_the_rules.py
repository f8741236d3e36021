"""Who changed the rules, and when: cycles (the minimum customer-service weight included), pay plans and their
band rules keep a history with the person who acted, shown in Django admin where HR and program admins look."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.models import Cycle, PayPlan
from evaluations.services.pay import create_pay_plan
from tests.evaluations.builders import make_cycle
from tests.evaluations.test_setup_pages import CYCLE, formset

pytestmark = pytest.mark.django_db


def test_raising_the_minimum_customer_service_weight_is_kept_with_who_did_it(client, org):
    cycle = make_cycle()
    client.force_login(org.hr_user)
    bands = [
        {"id": str(band.pk), "name_en": band.name, "low": str(band.low), "high": str(band.high)}
        for band in cycle.ordered_bands()
    ]
    data = CYCLE | {"name_en": cycle.name, "min_customer_service_weight": "40"} | formset("bands", bands, len(bands))
    client.post(reverse("evaluations:cycle_edit", args=[cycle.pk]), data)
    latest, before = Cycle.history.filter(id=cycle.pk).order_by("-history_date", "-history_id")[:2]
    assert (latest.history_user, latest.min_customer_service_weight) == (org.hr_user, Decimal("40.00"))
    assert before.min_customer_service_weight == Decimal("30.00")


def test_a_new_pay_plan_and_its_band_rules_are_on_the_history_as_hrs(org):
    plan = create_pay_plan(cycle=make_cycle(), by=org.hr_user)
    assert plan.history.get().history_user == org.hr_user
    assert {rule.history.get().history_user for rule in plan.rules.all()} == {org.hr_user}


@pytest.mark.parametrize("model", ["cycle", "payplan", "template", "criterion"])
def test_the_admin_shows_the_history_of_the_rules(client, org, model):
    from tests.evaluations.builders import make_template

    cycle = make_cycle()
    template = make_template()
    objects = {
        "cycle": cycle,
        "payplan": PayPlan.objects.create(cycle=cycle),
        "template": template,
        "criterion": template.criteria.first(),
    }
    client.force_login(org.admin_user)
    response = client.get(reverse(f"admin:evaluations_{model}_history", args=[objects[model].pk]))
    assert response.status_code == 200
