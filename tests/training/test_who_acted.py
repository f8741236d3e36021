"""Who did what in training: every write a trainer or an employee triggers says who did it, where a trainer
or an admin would look for it."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import make_user
from tests.training.conftest import author, published_module
from tests.training.test_services import _certified_through_a_session, _due_commitment
from training.models import Attendance, Reflection, Session
from training.services.commitments import record_follow_up
from training.services.learning import set_on_wall, submit_reflection
from training.services.modules import create_module, edit_module
from training.services.sessions import add_to_roster, record_attendance, self_check_in, set_check_in

pytestmark = pytest.mark.django_db


def test_a_published_version_says_who_wrote_it_and_who_published_it(org):
    version = published_module("named")
    assert version.published_by == author() and version.edited_by == author()
    draft = edit_module(module=version.module, content={"title": "Named, again"}, by=org.trainer_user)
    assert draft.edited_by == org.trainer_user and draft.published_by is None


def test_a_module_given_something_that_is_not_module_content_is_refused_in_words(org):
    with pytest.raises(ValidationError) as refusal:
        create_module(slug="odd", content={"colour": "blue"}, by=org.trainer_user)
    assert refusal.value.code == "unknown_content" and "colour" in refusal.value.messages[0]


def test_the_roster_and_the_attendance_say_who_recorded_them(org, session):
    add_to_roster(session=session, employees=[org.water_worker, org.clinic_worker], by=org.trainer_user)
    assert set(Attendance.objects.values_list("recorded_by", flat=True)) == {org.trainer_user.pk}
    colleague = make_user("colleague")
    record_attendance(session=session, statuses={org.water_worker.pk: "present"}, by=colleague)
    assert Attendance.objects.get(employee=org.water_worker).recorded_by == colleague
    assert Attendance.objects.get(employee=org.clinic_worker).recorded_by == org.trainer_user


def test_a_self_check_in_is_recorded_by_the_attendee_and_who_opened_it_is_kept(org, session):
    set_check_in(session=session, open=True, by=org.trainer_user)
    session.refresh_from_db()
    assert session.check_in_set_by == org.trainer_user
    self_check_in(code=session.check_in_code, employee=org.water_worker, by=org.employee_user)
    assert Attendance.objects.get(employee=org.water_worker).recorded_by == org.employee_user


@pytest.mark.parametrize("why", ["closed", "full", "already_checked_in"])
def test_a_refused_check_in_says_why(org, session, why):
    if why != "closed":
        set_check_in(session=session, open=True, by=org.trainer_user)
    if why == "full":
        Session.objects.filter(pk=session.pk).update(capacity=1)
        add_to_roster(session=session, employees=[org.clinic_worker], by=org.trainer_user)
    if why == "already_checked_in":
        self_check_in(code=session.check_in_code, employee=org.water_worker, by=org.employee_user)
    with pytest.raises(ValidationError) as refusal:
        self_check_in(code=session.check_in_code, employee=org.water_worker, by=org.employee_user)
    assert refusal.value.code == why


def test_the_wall_says_who_put_a_reflection_on_it(org, session):
    add_to_roster(session=session, employees=[org.water_worker], by=org.trainer_user)
    record_attendance(session=session, statuses={org.water_worker.pk: "present"}, by=org.trainer_user)
    reflection = submit_reflection(
        session=session, employee=org.water_worker, wrap_up_answers=[], reflection="Neighbours first.", commitment=""
    )
    set_on_wall(reflection=reflection, on_wall=True, by=org.trainer_user)
    assert Reflection.objects.get().on_wall_by == org.trainer_user


def test_a_follow_up_says_who_recorded_it(org, version):
    commitment = _due_commitment(org)
    record_follow_up(commitment=commitment, outcome="kept", by=org.employee_user)
    commitment.refresh_from_db()
    assert commitment.followed_up_by == org.employee_user


def test_a_withdrawn_certificate_says_whose_correction_withdrew_it_and_forgets_it_when_reinstated(org, program):
    session, certificate = _certified_through_a_session(org, program)
    colleague = make_user("colleague")
    record_attendance(session=session, statuses={org.water_worker.pk: "absent"}, by=colleague)
    certificate.refresh_from_db()
    assert certificate.withdrawn_by == colleague
    record_attendance(session=session, statuses={org.water_worker.pk: "present"}, by=org.trainer_user)
    certificate.refresh_from_db()
    assert certificate.withdrawn_at is None and certificate.withdrawn_by is None


def test_the_admin_lists_who_recorded_attendance_and_who_published(client, org, session):
    add_to_roster(session=session, employees=[org.water_worker], by=org.trainer_user)
    client.force_login(User.objects.create_superuser("root", password="x-long-password-1"))
    assert "trainer" in client.get(reverse("admin:training_attendance_changelist")).content.decode()
    versions = client.get(reverse("admin:training_moduleversion_changelist")).content.decode()
    assert "module-author" in versions


def test_the_trainers_pages_record_the_trainer(client, org, session):
    client.force_login(org.trainer_user)
    client.post(reverse("training:session_detail", args=[session.pk]), {"employee": org.water_worker.pk})
    client.post(reverse("training:check_in_toggle", args=[session.pk]), {"open": "1"})
    session.refresh_from_db()
    assert Attendance.objects.get().recorded_by == org.trainer_user and session.check_in_set_by == org.trainer_user


def test_the_module_page_says_who_published_each_version(client, org, version):
    client.force_login(org.trainer_user)
    page = client.get(reverse("training:module_detail", args=[version.module.pk])).content.decode()
    assert "by module-author" in page
