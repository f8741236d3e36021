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
