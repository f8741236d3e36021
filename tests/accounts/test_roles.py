"""Giving roles in the app: the rules of accounts.roles.set_roles, and the pages program admins use."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent
from accounts.roles import roles_held, set_roles
from org.access import roles_of
from org.models import Department
from org.roles import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user as the next request sees it (org.access caches roles on the object)."""
    return type(user).objects.get(pk=user.pk)


def test_a_program_admin_gives_roles_and_the_change_is_on_the_audit_trail(org):
    changed = set_roles(user=org.employee_user, roles={Role.EMPLOYEE, Role.TRAINER}, by=org.admin_user)
    assert changed and roles_held(org.employee_user) == {Role.EMPLOYEE, Role.TRAINER}
    event = AuditEvent.objects.get(action=AuditAction.ROLES_CHANGED)
    assert event.actor == org.admin_user and "employee" in event.summary
    assert event.details["before"] == ["Employee"] and event.details["after"] == ["Employee", "Trainer"]


def test_saving_the_same_roles_records_nothing(org):
    assert not set_roles(user=org.employee_user, roles={Role.EMPLOYEE}, by=org.admin_user)
    assert not AuditEvent.objects.exists()


def test_groups_that_are_not_roles_are_left_alone(org):
    from django.contrib.auth.models import Group

    org.employee_user.groups.add(Group.objects.create(name="Newsletter editors"))
    set_roles(user=org.employee_user, roles=set(), by=org.admin_user)
    assert list(org.employee_user.groups.values_list("name", flat=True)) == ["Newsletter editors"]


def test_only_a_program_admin_gives_roles(org):
    with pytest.raises(PermissionDenied):
        set_roles(user=org.employee_user, roles={Role.HR}, by=org.hr_user)


def test_the_last_program_admin_keeps_the_role(org):
    org.admin_user.is_superuser = False
    org.admin_user.save()
    with pytest.raises(ValidationError, match="last program admin"):
        set_roles(user=org.admin_user, roles={Role.EMPLOYEE}, by=org.admin_user)
    assert Role.PROGRAM_ADMIN in roles_of(fresh(org.admin_user))
    second = make_user("second-admin", Role.PROGRAM_ADMIN)
    assert set_roles(user=org.admin_user, roles={Role.EMPLOYEE}, by=second)
    assert Role.PROGRAM_ADMIN not in roles_of(fresh(org.admin_user))


def test_a_representative_is_given_departments_and_loses_them_with_the_role(org):
    rep_user = org.employee_user  # Walter
    set_roles(user=rep_user, roles={Role.EMPLOYEE, Role.CUSTOMER_RELATIONS}, represented=[org.water], by=org.admin_user)
    assert Department.objects.get(pk=org.water.pk).customer_relations_rep == org.water_worker
    event = AuditEvent.objects.get()
    assert event.details["represented_before"] == [] and event.details["represented_after"] == ["PW-W"]
    set_roles(user=rep_user, roles={Role.EMPLOYEE}, by=org.admin_user)
    assert Department.objects.get(pk=org.water.pk).customer_relations_rep is None


def test_giving_a_department_takes_it_from_its_previous_representative(org):
    org.water.customer_relations_rep = org.pw_head
    org.water.save()
    set_roles(
        user=org.employee_user,
        roles={Role.EMPLOYEE, Role.CUSTOMER_RELATIONS},
        represented=[org.water, org.clinic],
        by=org.admin_user,
    )
    assert set(Department.objects.filter(customer_relations_rep=org.water_worker)) == {org.water, org.clinic}


def test_departments_need_the_role_and_an_employee_record(org):
    with pytest.raises(ValidationError, match="Only a customer relations representative"):
        set_roles(user=org.employee_user, roles={Role.EMPLOYEE}, represented=[org.water], by=org.admin_user)
    no_record = make_user("contractor")
    with pytest.raises(ValidationError, match="no employee record"):
        set_roles(user=no_record, roles={Role.CUSTOMER_RELATIONS}, represented=[org.water], by=org.admin_user)


def test_the_people_list_filters_by_name_role_department_and_active(client, org):
    client.force_login(org.admin_user)
    url = reverse("accounts:people")

    def names(**params):
        return {row.record.username for row in client.get(url, params).context["table"].rows}

    assert names() >= {"admin", "hr", "head", "trainer", "employee"}
    assert names(name="walter") == {"employee"}
    assert names(role=Role.TRAINER.value) == {"trainer"}
    assert names(role=Role.PROGRAM_ADMIN.value) == {"admin"}  # a superuser counts
    assert names(department=org.public_works.pk) == {"head", "employee"}  # Paula and Walter, in Water below
    org.trainer_user.is_active = False
    org.trainer_user.save()
    assert names(is_active="false") == {"trainer"}
    page = client.get(url, {"name": "walter"}).content.decode()
    assert "Walter Worker" in page and "Water" in page and "Employee" in page


def test_the_people_list_costs_the_same_with_more_people(client, org, django_assert_max_num_queries):
    client.force_login(org.admin_user)
    client.get(reverse("accounts:people"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("accounts:people"))
    for index in range(20):
        make_user(f"extra{index}", Role.EMPLOYEE, Role.TRAINER)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("accounts:people")).status_code == 200


def test_the_roles_page_saves_through_the_service(client, org):
    client.force_login(org.admin_user)
    url = reverse("accounts:person_roles", args=[org.employee_user.pk])
    page = client.get(url).content.decode()
    assert "Customer relations representative" in page and "Departments they represent" in page
    response = client.post(
        url, {"roles": [Role.EMPLOYEE.value, Role.CUSTOMER_RELATIONS.value], "represented": [org.water.pk]}
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:people")
    assert roles_held(org.employee_user) == {Role.EMPLOYEE, Role.CUSTOMER_RELATIONS}
    assert AuditEvent.objects.filter(action=AuditAction.ROLES_CHANGED, actor=org.admin_user).count() == 1


def test_a_refused_change_comes_back_with_what_was_ticked(client, org):
    org.admin_user.is_superuser = False
    org.admin_user.save()
    client.force_login(org.admin_user)
    url = reverse("accounts:person_roles", args=[org.admin_user.pk])
    response = client.post(url, {"roles": [Role.HR.value]})
    page = response.content.decode()
    assert response.status_code == 200 and "is the last program admin" in page
    assert f'value="{Role.HR.value}" ' in page and "checked" in page
    assert not AuditEvent.objects.exists()


def test_an_unknown_person_is_a_404(client, org):
    client.force_login(org.admin_user)
    assert client.get(reverse("accounts:person_roles", args=[999999])).status_code == 404
