"""A leaver's account goes with them: switched off at once, and whatever session they still have ends."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from accounts.importing import apply_import
from tests.accounts.conftest import as_csv, roster

pytestmark = pytest.mark.django_db


def assert_signed_out_on_next_request(client) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_a_leaver_unticked_in_admin_loses_their_account_and_their_open_session(client, org):
    worker = org.water_worker
    client.force_login(org.employee_user)
    assert client.get(reverse("home")).status_code == 200
    admin = type(client)()
    admin.force_login(org.admin_user)
    form = {key: value for key, value in model_to_dict(worker).items() if value is not None and key != "active"}
    response = admin.post(reverse("admin:org_employee_change", args=[worker.pk]), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    org.employee_user.refresh_from_db()
    assert not org.employee_user.is_active
    assert_signed_out_on_next_request(client)


def test_a_leaver_deactivated_by_the_hr_import_is_signed_out_at_once(client, org):
    client.force_login(org.employee_user)
    everyone_else = [row for row in roster(org) if row["Employee number"] != org.water_worker.employee_number]
    apply_import(kind="employees", content=as_csv(everyone_else), deactivate_absent=True, by=org.hr_user, source="t")
    assert_signed_out_on_next_request(client)


def test_an_employee_deleted_in_admin_loses_their_account_and_their_open_session(client, org):
    client.force_login(org.employee_user)
    employee_pk = org.employee_user.employee.pk
    admin = type(client)()
    admin.force_login(org.admin_user)
    response = admin.post(reverse("admin:org_employee_delete", args=[employee_pk]), {"post": "yes"})
    assert response.status_code == 302
    org.employee_user.refresh_from_db()
    assert not org.employee_user.is_active
    assert_signed_out_on_next_request(client)


def test_employees_deleted_together_from_the_admin_list_lose_their_accounts(client, org):
    client.force_login(org.employee_user)
    admin = type(client)()
    admin.force_login(org.admin_user)
    response = admin.post(
        reverse("admin:org_employee_changelist"),
        {"action": "delete_selected", "_selected_action": [org.employee_user.employee.pk], "post": "yes"},
    )
    assert response.status_code == 302
    org.employee_user.refresh_from_db()
    assert not org.employee_user.is_active
    assert_signed_out_on_next_request(client)


def test_an_account_switched_off_in_the_users_admin_is_signed_out_at_once(client, org):
    client.force_login(org.employee_user)
    admin = type(client)()
    admin.force_login(org.admin_user)
    page = admin.get(reverse("admin:auth_user_change", args=[org.employee_user.pk]))
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(groups=[group.pk for group in org.employee_user.groups.all()], user_permissions=[])
    data.pop("is_active", None)
    data.pop("last_login", None)
    data["date_joined_0"], data["date_joined_1"] = org.employee_user.date_joined.strftime("%Y-%m-%d %H:%M:%S").split()
    response = admin.post(reverse("admin:auth_user_change", args=[org.employee_user.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    org.employee_user.refresh_from_db()
    assert not org.employee_user.is_active
    assert_signed_out_on_next_request(client)
