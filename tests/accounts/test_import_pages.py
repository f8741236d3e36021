"""The import pages, as HR uses them: upload, preview (nothing written), confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import StaffUpload
from org.models import Employee
from tests.accounts.conftest import as_csv, person

UPLOAD = reverse("accounts:import_upload")


def signed_in(client, user):
    client.force_login(user)
    return client


def upload(client, content: bytes, *, name="staff.csv", kind="employees", everyone=False):
    data = {"kind": kind, "file": SimpleUploadedFile(name, content)}
    if everyone:
        data["deactivate_absent"] = "on"
    return client.post(UPLOAD, data)


def test_hr_uploads_previews_and_applies_exactly_what_was_previewed(client, org):
    signed_in(client, org.hr_user)
    response = upload(client, as_csv([person("N-1"), person("N-2", supervisor="N-1")]))
    assert response.status_code == 302
    preview = client.get(response.url)
    assert preview.status_code == 200
    assert "N-2" in preview.content.decode() and "Apply this import" in preview.content.decode()
    assert not Employee.objects.filter(employee_number="N-1").exists()  # a preview writes nothing
    applied = client.post(
        reverse("accounts:import_apply", args=[StaffUpload.objects.get().token]),
        {"fingerprint": preview.context["fingerprint"]},
        follow=True,
    )
    assert "Imported: 2 created" in applied.content.decode()
    assert Employee.objects.get(employee_number="N-2").supervisor.employee_number == "N-1"
    # Confirming twice (a double click, the back button) applies nothing more.
    again = client.post(
        reverse("accounts:import_apply", args=[StaffUpload.objects.get().token]),
        {"fingerprint": preview.context["fingerprint"]},
        follow=True,
    )
    assert "already been imported" in again.content.decode()


def test_a_preview_of_a_file_with_row_errors_lists_them_and_offers_no_confirmation(client, org):
    signed_in(client, org.hr_user)
    response = client.get(upload(client, as_csv([person("N-1", **{"Department code": "NOPE"})])).url)
    page = response.content.decode()
    assert "Unknown department code NOPE." in page and "Apply this import" not in page


def test_a_file_that_is_no_export_is_refused_on_the_upload_page(client, org):
    signed_in(client, org.hr_user)
    response = upload(client, b"%PDF-1.4\x00binary", name="staff.pdf")
    assert response.status_code == 400
    assert "neither a CSV file nor an Excel" in response.content.decode()
    assert not StaffUpload.objects.exists()


def test_a_change_made_after_the_preview_is_not_applied_blindly(client, org):
    signed_in(client, org.hr_user)
    preview = client.get(upload(client, as_csv([person(org.water_worker.employee_number)])).url)
    Employee.objects.filter(pk=org.water_worker.pk).update(job_title="Changed meanwhile")
    response = client.post(
        reverse("accounts:import_apply", args=[StaffUpload.objects.get().token]),
        {"fingerprint": preview.context["fingerprint"]},
        follow=True,
    )
    assert "The data changed since the preview" in response.content.decode()
    assert Employee.objects.get(pk=org.water_worker.pk).job_title == "Changed meanwhile"


@pytest.mark.parametrize("who", ["employee_user", "trainer_user", "head_user"])
def test_people_without_hr_rights_are_refused_the_import_pages(client, org, who):
    hr_client = signed_in(client.__class__(), org.hr_user)
    upload(hr_client, as_csv([person("N-1")]))
    token = StaffUpload.objects.get().token
    signed_in(client, getattr(org, who))
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, as_csv([person("N-2")])).status_code == 403
    assert client.get(reverse("accounts:import_preview", args=[token])).status_code == 403
    assert client.post(reverse("accounts:import_apply", args=[token]), {"fingerprint": "x"}).status_code == 403
    assert not Employee.objects.filter(employee_number__startswith="N-").exists()


def test_a_program_admin_cannot_open_someone_elses_upload(client, org):
    upload(signed_in(client.__class__(), org.hr_user), as_csv([person("N-1")]))
    signed_in(client, org.admin_user)
    assert client.get(UPLOAD).status_code == 200
    assert client.get(reverse("accounts:import_preview", args=[StaffUpload.objects.get().token])).status_code == 404


@pytest.mark.postgres
def test_preview_and_apply_of_two_thousand_rows_take_a_bounded_number_of_queries(
    client, org, django_assert_max_num_queries
):
    signed_in(client, org.hr_user)
    rows = [person(f"B{index:05d}", supervisor=f"B{index // 10:05d}" if index >= 10 else "") for index in range(2000)]
    url = upload(client, as_csv(rows)).url
    with django_assert_max_num_queries(20):
        preview = client.get(url)
    assert "… and 1900 more." in preview.content.decode()
    with django_assert_max_num_queries(80):
        client.post(
            reverse("accounts:import_apply", args=[StaffUpload.objects.get().token]),
            {"fingerprint": preview.context["fingerprint"]},
        )
    assert Employee.objects.filter(employee_number__startswith="B").count() == 2000
