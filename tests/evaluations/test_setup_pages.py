"""HR's set-up pages: a cycle with its bands, a template with its criteria, opening a cycle."""

import pytest
from django.urls import reverse

from evaluations.models import Cycle, Evaluation, Template
from tests.evaluations.builders import make_cycle, make_template

pytestmark = pytest.mark.django_db


def formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


CYCLE = {
    "name_en": "FY2027",
    "fiscal_year": "2027",
    "period_start": "2026-07-01",
    "period_end": "2027-06-30",
    "self_evaluation_due": "2027-07-10",
    "ratings_due": "2027-07-20",
    "review_due": "2027-08-01",
    "final_due": "2027-08-15",
    "min_customer_service_weight": "30",
}


def test_hr_creates_a_cycle_with_its_bands(client, org):
    client.force_login(org.hr_user)
    data = CYCLE | formset(
        "bands", [{"name_en": "Low", "low": "1.00", "high": "2.99"}, {"name_en": "High", "low": "3.00", "high": "5.00"}]
    )
    response = client.post(reverse("evaluations:cycle_create"), data)
    cycle = Cycle.objects.get(name="FY2027")
    assert response.status_code == 302 and [band.name for band in cycle.ordered_bands()] == ["Low", "High"]


def test_hr_names_the_cycle_its_bands_and_a_criterion_in_spanish_on_the_apps_own_forms(client, org):
    client.force_login(org.hr_user)
    bands = [
        {"name_en": "Low", "name_es": "Bajo", "low": "1.00", "high": "2.99"},
        {"name_en": "High", "name_es": "Alto", "low": "3.00", "high": "5.00"},
    ]
    data = CYCLE | {"name_es": "Año fiscal 2027"} | formset("bands", bands)
    client.post(reverse("evaluations:cycle_create"), data)
    cycle = Cycle.objects.get(name_en="FY2027")
    assert cycle.name_es == "Año fiscal 2027"
    assert [(band.key, band.name_es) for band in cycle.ordered_bands()] == [("Low", "Bajo"), ("High", "Alto")]
    template = make_template()
    criterion = template.criteria.order_by("order").first()
    rows = [
        {"id": str(c.pk), "name_en": c.name, "weight": str(c.weight), "order": str(c.order)}
        | ({"is_customer_service": "on"} if c.is_customer_service else {})
        for c in template.criteria.order_by("order")
    ]
    rows[0] |= {"name_es": "Cortesía", "description_es": "Trata a cada residente con respeto."}
    data = {"name": template.name, "active": "on"} | formset("criteria", rows, initial=len(rows))
    client.post(reverse("evaluations:template_edit", args=[template.pk]), data)
    criterion.refresh_from_db()
    assert (criterion.name_es, criterion.description_es) == ("Cortesía", "Trata a cada residente con respeto.")
    page = client.get(reverse("evaluations:cycle_list"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Año fiscal 2027" in page


def test_due_dates_out_of_order_are_refused_and_nothing_typed_is_lost(client, org):
    client.force_login(org.hr_user)
    data = CYCLE | {"final_due": "2027-07-01"} | formset("bands", [])
    response = client.post(reverse("evaluations:cycle_create"), data)
    page = response.content.decode()
    assert response.status_code == 200 and "Due dates must run in order" in page and 'value="FY2027"' in page
    assert not Cycle.objects.exists()


def test_hr_edits_a_template_and_sees_which_rule_it_breaks(client, org):
    make_cycle()
    template = make_template()
    client.force_login(org.hr_user)
    rows = [
        {
            "id": str(criterion.pk),
            "name_en": criterion.name,
            "weight": str(criterion.weight),
            "order": str(criterion.order),
            "is_customer_service": "on" if criterion.is_customer_service else "",
        }
        for criterion in template.criteria.all()
    ]
    rows[0]["weight"] = "5"  # customer service now 25 %, and the weights 85 %
    data = {"name": template.name, "job_titles": "", "active": "on"} | formset("criteria", rows, initial=len(rows))
    data = {key: value for key, value in data.items() if value != ""}
    response = client.post(reverse("evaluations:template_edit", args=[template.pk]), data, follow=True)
    page = response.content.decode()
    assert "add up to 85 %" in page and "weigh 25 % in total" in page


def test_the_history_of_a_template_says_that_hr_changed_a_weight_and_from_what(client, org):
    template = make_template()
    first = template.criteria.order_by("order").first()
    client.force_login(org.hr_user)
    rows = [
        {"id": str(c.pk), "name_en": c.name, "weight": str(c.weight), "order": str(c.order)}
        | ({"is_customer_service": "on"} if c.is_customer_service else {})
        for c in template.criteria.order_by("order")
    ]
    rows[0]["weight"] = str(first.weight + 5)
    data = {"name": template.name, "active": "on"} | formset("criteria", rows, initial=len(rows))
    client.post(reverse("evaluations:template_edit", args=[template.pk]), data)
    latest, before = first.history.order_by("-history_date")[:2]
    assert (latest.history_user, latest.weight, before.weight) == (org.hr_user, first.weight + 5, first.weight)
    assert template.history.latest().history_user == org.hr_user


def test_opening_a_cycle_through_the_page(client, org):
    cycle = make_cycle()
    template = make_template()
    client.force_login(org.hr_user)
    response = client.post(
        reverse("evaluations:cycle_open", args=[cycle.pk]),
        {"departments": [org.public_works.pk], "default_template": template.pk},
        follow=True,
    )
    assert "2 evaluations created." in response.content.decode()
    assert Evaluation.objects.count() == 2


def test_opening_with_a_broken_template_says_why_on_the_page(client, org):
    cycle = make_cycle()
    broken = make_template(criteria=[("Courtesy", "20", True, False), ("Accuracy", "80", False, False)])
    client.force_login(org.hr_user)
    response = client.post(
        reverse("evaluations:cycle_open", args=[cycle.pk]),
        {"departments": [org.public_works.pk], "default_template": broken.pk},
    )
    assert "weigh 20 % in total" in response.content.decode()
    assert not Evaluation.objects.exists() and Template.objects.count() == 1
