"""HR imports staff in a real browser (upload, preview, confirm), and an imported person accepts the invitation;
every page checked by axe-core."""

import pytest

from accounts.invitations import invitation_link
from org.models import Employee
from tests.accounts.conftest import as_csv, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_imports_a_file_and_the_new_person_chooses_a_password(
    page, live_server, org, sign_in, axe_violations, screenshot, tmp_path, settings
):
    path = tmp_path / "staff.csv"
    path.write_bytes(as_csv([person("N-1", supervisor="N-2"), person("N-2"), person("N-3", Salary="x")]))
    sign_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/accounts/import/")
    assert axe_violations(page) == []
    screenshot(page, "import-upload")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_label("The file lists everyone").uncheck()
    page.get_by_role("button", name="Preview the import").click()
    assert page.get_by_role("heading", name="Row errors").is_visible()
    assert axe_violations(page) == []
    path.write_bytes(as_csv([person("N-1", supervisor="N-2"), person("N-2")]))
    page.goto(f"{live_server.url}/accounts/import/")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_label("The file lists everyone").uncheck()
    page.get_by_role("button", name="Preview the import").click()
    assert axe_violations(page) == []
    screenshot(page, "import-preview")
    page.get_by_role("button", name="Apply this import").click()
    assert page.get_by_text("Imported: 2 created").is_visible()
    assert Employee.objects.get(employee_number="N-1").supervisor.employee_number == "N-2"

    page.context.clear_cookies()  # hr leaves; the invited person opens their link on this computer
    invited = page
    account = Employee.objects.get(employee_number="N-1").user_id
    assert account is not None
    invited.goto(invitation_link(account).replace(settings.SITE_URL, live_server.url))
    assert invited.get_by_role("heading", name="Choose your password").is_visible()
    assert axe_violations(invited) == []
    screenshot(invited, "invitation")
    invited.fill("input[name=new_password1]", "harbor-lighthouse-42")
    invited.fill("input[name=new_password2]", "harbor-lighthouse-42")
    invited.get_by_role("button", name="Set my password and sign in").click()
    assert invited.get_by_role("heading", name="Welcome").is_visible()
