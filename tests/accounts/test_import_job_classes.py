"""The HR import's optional Job class code column: a known code gives the person their class, an unknown or
retired one is a row error and nothing is applied."""

import pytest
from django.core.exceptions import ValidationError

from accounts.importing import apply_import, preview_import
from org.models import Employee
from tests.accounts.conftest import HEADERS, as_csv, person
from tests.factories import make_job_class

WITH_CLASS = [*HEADERS, "Job class code"]


def plan_of(content: bytes):
    return preview_import(kind="employees", content=content, deactivate_absent=False)


def apply(content: bytes):
    return apply_import(kind="employees", content=content, deactivate_absent=False, by=None, source="t.csv")


@pytest.fixture
def clerks(db):
    return make_job_class("CS-COUNTER")


def test_a_new_employee_gets_the_job_class_the_file_names_whatever_its_case(org, clerks):
    apply(as_csv([person("N-1", **{"Job class code": "cs-counter"})], WITH_CLASS))
    assert Employee.objects.get(employee_number="N-1").job_class == clerks


def test_a_changed_job_class_is_previewed_from_old_code_to_new_and_then_applied(org, clerks):
    org.water_worker.job_class = make_job_class("CS-FIELD")
    org.water_worker.save()
    row = person(org.water_worker.employee_number, supervisor=org.pw_head.employee_number, **{
        "First name": org.water_worker.first_name, "Last name": org.water_worker.last_name,
        "Job class code": "CS-COUNTER"})  # fmt: skip
    plan = plan_of(as_csv([row], WITH_CLASS))
    changes = {change.field: (change.label, change.before, change.after) for change in plan.change[0].changes}
    assert changes["job_class"] == ("Job class", "CS-FIELD", "CS-COUNTER")
    apply(as_csv([row], WITH_CLASS))
    org.water_worker.refresh_from_db()
    assert org.water_worker.job_class == clerks


def test_an_unknown_job_class_code_is_a_row_error_and_nothing_is_applied(org, clerks):
    content = as_csv([person("N-0", **{"Job class code": "CS-COUNTER"}), person("N-1", **{"Job class code": "CS-NOPE"})],
                     WITH_CLASS)  # fmt: skip
    plan = plan_of(content)
    assert [(error.row, error.key, error.message) for error in plan.errors] == [
        (3, "N-1", "Unknown job class code CS-NOPE (add the job class in admin first).")
    ]
    with pytest.raises(ValidationError, match="1 row error"):
        apply(content)
    assert not Employee.objects.filter(employee_number__startswith="N-").exists()


def test_a_retired_job_class_is_a_row_error_that_says_so(org):
    make_job_class("CS-OLD", active=False)
    plan = plan_of(as_csv([person("N-1", **{"Job class code": "CS-OLD"})], WITH_CLASS))
    assert [error.message for error in plan.errors] == [
        "Job class CS-OLD is retired; choose the class that replaced it."
    ]


def test_a_blank_code_clears_the_class_and_a_file_without_the_column_leaves_it(org, clerks):
    org.water_worker.job_class = clerks
    org.water_worker.save()
    row = person(org.water_worker.employee_number, supervisor=org.pw_head.employee_number, **{
        "First name": org.water_worker.first_name, "Last name": org.water_worker.last_name})  # fmt: skip
    apply(as_csv([row]))  # no Job class code column
    org.water_worker.refresh_from_db()
    assert org.water_worker.job_class == clerks
    apply(as_csv([row | {"Job class code": ""}], WITH_CLASS))
    org.water_worker.refresh_from_db()
    assert org.water_worker.job_class is None


def test_the_column_is_understood_under_the_names_hr_systems_give_it(org, clerks):
    headers = [*HEADERS, "Classification"]
    apply(as_csv([person("N-1", Classification="CS-COUNTER")], headers))
    assert Employee.objects.get(employee_number="N-1").job_class == clerks
