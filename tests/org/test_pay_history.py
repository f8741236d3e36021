"""The pay history of employees: who changed a salary, a grade or a pay range, and when, from the HR import,
Django admin or code acting for someone; and only those figures are kept."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.importing import apply_import
from org.models import Employee
from tests.accounts.conftest import as_csv, person

pytestmark = pytest.mark.django_db


def test_a_salary_changed_by_the_hr_import_is_in_the_history_as_the_importers(org):
    worker = org.water_worker
    content = as_csv([person(worker.employee_number, Salary="52000"), person("N-1")])
    apply_import(kind="employees", content=content, deactivate_absent=False, by=org.hr_user, source="t.csv")
    latest = worker.history.latest()
    assert (latest.base_salary, latest.history_type, latest.history_user) == (Decimal("52000.00"), "~", org.hr_user)
    newcomer = Employee.objects.get(employee_number="N-1")
    assert newcomer.history.get().history_user == org.hr_user  # created: the starting figures


def test_the_pay_history_keeps_the_pay_figures_and_not_the_rest_of_the_record(org):
    fields = {field.name for field in Employee.history.model._meta.fields}
    assert {"base_salary", "pay_grade", "pay_range_minimum", "pay_range_midpoint", "pay_range_maximum"} <= fields
    assert not fields & {"first_name", "last_name", "work_email", "supervisor", "department", "user"}


def test_a_program_admin_sees_who_changed_a_pay_range_in_the_admin_history(client, org):
    worker = org.water_worker
    worker.pay_range_maximum = Decimal("65000.00")
    worker._history_user = org.hr_user
    worker.save()
    client.force_login(org.admin_user)
    page = client.get(reverse("admin:org_employee_history", args=[worker.pk])).content.decode()
    assert "hr" in page and "65000" in page.replace(",", "")
