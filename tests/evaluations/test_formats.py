"""Dates and times on the HR pages follow the reader's language (Django's DATE_FORMAT and DATETIME_FORMAT for it),
and a time that ends in "p.m." is never followed by a second full stop."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from evaluations.models import PayPlan
from tests.evaluations.builders import open_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_by_default():
    with translation.override("en"):
        yield


@pytest.fixture
def computed_plan(org):
    cycle = open_for(org)
    local = ZoneInfo(settings.TIME_ZONE)
    return PayPlan.objects.create(
        cycle=cycle,
        atb_percent=Decimal("2"),
        budget_pool=Decimal("20000"),
        computed_at=datetime(2026, 9, 3, 14, 9, tzinfo=local),
        approved_at=datetime(2026, 9, 4, 9, 30, tzinfo=local),
    )


def pay_plan_page(client, org, plan, language) -> str:
    client.force_login(org.hr_user)
    client.cookies["django_language"] = language
    return client.get(reverse("evaluations:pay_plan", args=[plan.cycle.pk])).content.decode()


def test_hr_reads_when_the_pay_plan_was_computed_without_a_doubled_full_stop(client, org, computed_plan):
    page = pay_plan_page(client, org, computed_plan, "en")
    assert "Last computed: Sept. 3, 2026, 2:09 p.m." in page  # English DATETIME_FORMAT, "N j, Y, P"
    assert "p.m.." not in page
    assert "on Sept. 4, 2026" in page  # the approval, in DATE_FORMAT


def test_a_spanish_reader_gets_the_spanish_date_format_on_the_pay_plan(client, org, computed_plan):
    page = pay_plan_page(client, org, computed_plan, "es")
    assert "3 de septiembre de 2026" in page and "4 de septiembre de 2026" in page
    assert "Sept. 3" not in page
