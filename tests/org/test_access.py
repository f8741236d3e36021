"""The access rules as a matrix of roles x pages, and the scope() function behind them."""

import pytest
from django.urls import reverse

from org.access import scope, visible_departments
from org.models import Department, Employee


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.django_db
def test_department_head_sees_own_subtree_only(org):
    assert set(visible_departments(org.head_user)) == {org.public_works, org.water}
    assert set(scope(Employee.objects.all(), org.head_user)) == {org.pw_head, org.water_worker}


@pytest.mark.django_db
def test_hr_and_program_admin_see_everything(org):
    for user in (org.hr_user, org.admin_user):
        assert visible_departments(user).count() == Department.objects.count()
        assert scope(Employee.objects.all(), user).count() == Employee.objects.count()


@pytest.mark.django_db
def test_employee_sees_only_their_own_record(org):
    assert list(scope(Employee.objects.all(), org.employee_user)) == [org.water_worker]
    assert not visible_departments(org.employee_user).exists()


@pytest.mark.django_db
def test_user_without_a_role_sees_nothing(org, user_factory):
    nobody = user_factory("nobody")
    assert not scope(Employee.objects.all(), nobody).exists()


@pytest.mark.django_db
def test_head_of_several_departments_sees_all_their_subtrees(org):
    org.health.head = org.pw_head
    org.health.save()
    assert set(visible_departments(org.head_user)) == {org.public_works, org.water, org.health, org.clinic}


@pytest.mark.django_db
def test_head_cannot_open_a_sibling_departments_employee(client, org):
    response = _get(client, org.head_user, reverse("org:employee_detail", args=[org.clinic_worker.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, whom, expected",
    [
        ("head_user", "water_worker", 200),
        ("head_user", "clinic_worker", 404),
        ("other_head_user", "clinic_worker", 200),
        ("other_head_user", "water_worker", 404),
        ("employee_user", "water_worker", 200),
        ("employee_user", "pw_head", 404),
        ("hr_user", "clinic_worker", 200),
        ("admin_user", "water_worker", 200),
        ("trainer_user", "clinic_worker", 200),
    ],
)
def test_employee_page_matrix(client, org, who, whom, expected):
    url = reverse("org:employee_detail", args=[getattr(org, whom).pk])
    assert _get(client, getattr(org, who), url).status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, department, expected",
    [
        ("head_user", "water", 200),
        ("head_user", "health", 404),
        ("head_user", "county", 404),
        ("hr_user", "clinic", 200),
        ("admin_user", "county", 200),
        ("employee_user", "water", 403),
        ("trainer_user", "water", 403),
    ],
)
def test_department_page_matrix(client, org, who, department, expected):
    url = reverse("org:department_detail", args=[getattr(org, department).pk])
    assert _get(client, getattr(org, who), url).status_code == expected


@pytest.mark.django_db
def test_employee_list_of_a_head_holds_only_their_subtree(client, org):
    response = _get(client, org.head_user, reverse("org:employee_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Walter" in content and "Clara" not in content


@pytest.mark.django_db
def test_signed_out_visitor_is_sent_to_sign_in(client, org):
    response = client.get(reverse("org:employee_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_salary_is_shown_to_hr_and_the_employee_but_not_to_a_trainer(client, org):
    url = reverse("org:employee_detail", args=[org.water_worker.pk])
    assert "Base salary" in _get(client, org.hr_user, url).content.decode()
    assert "Base salary" in _get(client, org.employee_user, url).content.decode()
    assert "Base salary" not in _get(client, org.trainer_user, url).content.decode()


@pytest.mark.django_db
def test_refused_action_is_logged(client, org, caplog):
    with caplog.at_level("WARNING", logger="serviceculture.security"):
        _get(client, org.employee_user, reverse("org:department_list"))
    assert any("403" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_out_of_scope_request_is_logged(client, org, caplog):
    with caplog.at_level("WARNING", logger="serviceculture.security"):
        _get(client, org.head_user, reverse("org:employee_detail", args=[org.clinic_worker.pk]))
    assert any("out-of-scope" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_employee_list_query_count_does_not_grow_with_rows(client, org, django_assert_max_num_queries):
    from tests.factories import make_employee

    client.force_login(org.hr_user)
    url = reverse("org:employee_list")
    client.get(url)
    for _ in range(30):
        make_employee(org.water, supervisor=org.pw_head)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_supervisor_sees_their_direct_reports_rows_only_of_models_that_declare_a_supervisor_path(org):
    """Supervision does not follow the tree: Sam, in the clinic, supervises Walter in Water and sees Walter's
    commitments (Commitment declares `access_supervisor_path`), but not Walter's employee record (Employee
    declares none), nor the commitments of Rita, whom Walter supervises (direct reports only)."""
    from datetime import date

    from org.roles import Role
    from tests.factories import make_employee, make_user
    from training.models import Commitment, Module, ModuleVersion

    sam = make_employee(org.clinic, "Sam", "Supervisor")
    org.water_worker.supervisor = sam
    org.water_worker.save()
    rita = make_employee(org.water, "Rita", "Report", supervisor=org.water_worker)
    sams_user = make_user("sam", Role.EMPLOYEE, employee=sam)
    version = ModuleVersion.objects.create(module=Module.objects.create(slug="m"), number=1, title="M", theme="M")

    def commitment_of(employee):
        return Commitment.objects.create(
            employee=employee, module_version=version, text="Smile", follow_up_on=date(2026, 1, 1)
        )

    walters, ritas = commitment_of(org.water_worker), commitment_of(rita)
    commitment_of(org.clinic_worker)
    assert list(scope(Commitment.objects.all(), sams_user)) == [walters]
    assert set(scope(Commitment.objects.all(), org.employee_user)) == {walters, ritas}  # Walter: own and Rita's
    assert list(scope(Employee.objects.all(), sams_user)) == [sam]
