"""Each step of an evaluation, allowed to the right person and refused (403) to everyone else."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from evaluations.models import Evaluation, EvaluationStatus
from evaluations.services import workflow
from org.roles import Role
from tests.evaluations.builders import open_for, ratings
from tests.factories import make_employee, make_user

pytestmark = pytest.mark.django_db
Status = EvaluationStatus

EVERYONE = ["admin_user", "hr_user", "head_user", "other_head_user", "trainer_user", "employee_user"]


@pytest.fixture
def evaluation(org):
    """Walter (Water, in Public Works) rated by his supervisor Paula, the head of Public Works."""
    open_for(org)
    return Evaluation.objects.get(employee=org.water_worker)


def rate(evaluation, org, *values, by=None):
    return workflow.save_ratings(
        evaluation=evaluation, by=by or org.head_user, ratings=ratings(evaluation, *values), submit=True
    )


def move_to(evaluation, org, status):
    """Walk the evaluation through the workflow to the given status."""
    path = [
        (Status.RATED, lambda: rate(evaluation, org, 4, 4, 4, 4, by=org.hr_user)),
        (Status.REVIEWED, lambda: workflow.review_evaluation(evaluation=evaluation, by=org.hr_user)),
        (Status.FINALISED, lambda: workflow.finalise_evaluation(evaluation=evaluation, by=org.hr_user)),
        (Status.RELEASED, lambda: workflow.release_evaluation(evaluation=evaluation, by=org.hr_user)),
    ]
    for reached, step in path:
        step()
        if reached == status:
            break
    evaluation.refresh_from_db()
    return evaluation


STEPS = {
    # step: (status it needs, who may take it, the call)
    "request_self": (
        Status.DRAFT,
        {"hr_user", "admin_user", "head_user"},
        lambda e, o, u: workflow.request_self_evaluation(evaluation=e, by=u),
    ),
    "rate": (
        Status.DRAFT,
        {"hr_user", "admin_user", "head_user"},
        lambda e, o, u: workflow.save_ratings(evaluation=e, by=u, ratings=ratings(e, 4, 4, 4, 4), submit=True),
    ),
    # Paula rated as Walter's evaluator and nobody heads the county: HR reviews, never Paula herself.
    "review": (Status.RATED, {"hr_user", "admin_user"}, lambda e, o, u: workflow.review_evaluation(evaluation=e, by=u)),
    "finalise": (
        Status.REVIEWED,
        {"hr_user", "admin_user"},
        lambda e, o, u: workflow.finalise_evaluation(evaluation=e, by=u),
    ),
    "release": (
        Status.FINALISED,
        {"hr_user", "admin_user"},
        lambda e, o, u: workflow.release_evaluation(evaluation=e, by=u),
    ),
    "acknowledge": (
        Status.RELEASED,
        {"employee_user"},
        lambda e, o, u: workflow.acknowledge_evaluation(evaluation=e, by=u, comment="Seen."),
    ),
    "reopen": (
        Status.FINALISED,
        {"hr_user", "admin_user"},
        lambda e, o, u: workflow.reopen_evaluation(evaluation=e, by=u, reason="Typo in a rating"),
    ),
}


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("who", EVERYONE)
def test_each_step_is_allowed_only_to_its_role(evaluation, org, step, who):
    status, allowed, call = STEPS[step]
    if status != Status.DRAFT:
        move_to(evaluation, org, status)
    user = getattr(org, who)
    if who in allowed:
        call(evaluation, org, user)
        evaluation.refresh_from_db()
        assert evaluation.status != status
    else:
        with pytest.raises(PermissionDenied):
            call(evaluation, org, user)
        evaluation.refresh_from_db()
        assert evaluation.status == status


def test_the_employee_writes_the_self_evaluation_and_it_comes_back_to_the_evaluator(evaluation, org):
    workflow.request_self_evaluation(evaluation=evaluation, by=org.head_user)
    with pytest.raises(PermissionDenied):
        workflow.submit_self_evaluation(evaluation=evaluation, by=org.head_user, self_ratings={}, assessment="")
    workflow.submit_self_evaluation(
        evaluation=evaluation,
        by=org.employee_user,
        self_ratings=ratings(evaluation, 5, 5, 4, 4),
        assessment="A good year.",
    )
    evaluation.refresh_from_db()
    assert evaluation.status == Status.DRAFT and evaluation.self_assessment == "A good year."
    assert [s.self_rating for s in evaluation.scores.all()] == [5, 5, 4, 4]
    assert all(s.initial_rating is None for s in evaluation.scores.all())  # a self-rating is never the rating


def test_a_step_out_of_order_is_refused_with_a_clear_message(evaluation, org):
    with pytest.raises(ValidationError, match="not possible any more"):
        workflow.finalise_evaluation(evaluation=evaluation, by=org.hr_user)


def test_submitting_needs_every_rating_and_names_the_missing_ones(evaluation, org):
    partial: dict[int, int | None] = dict(ratings(evaluation, 4, 4, 4, 4))
    partial[max(partial)] = None
    with pytest.raises(ValidationError, match="Missing: Teamwork"):
        workflow.save_ratings(evaluation=evaluation, by=org.head_user, ratings=partial, submit=True)
    evaluation.refresh_from_db()
    assert evaluation.status == Status.DRAFT


@pytest.mark.parametrize("values, band", [((2, 2, 2, 3), "Needs improvement"), ((5, 5, 1, 5), "Unsatisfactory")])
def test_a_summary_in_the_lowest_two_bands_goes_to_hr_before_the_head(evaluation, org, values, band):
    rate(evaluation, org, *values)
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.band, evaluation.went_to_hr) == (Status.HR_REVIEW, band, True)
    with pytest.raises(PermissionDenied):
        workflow.clear_hr_review(evaluation=evaluation, by=org.head_user)
    with pytest.raises(ValidationError):  # the head who will review it must wait for HR
        workflow.review_evaluation(evaluation=evaluation, by=county_head(org))
    workflow.clear_hr_review(evaluation=evaluation, by=org.hr_user, comment="Discussed with the supervisor.")
    evaluation.refresh_from_db()
    assert evaluation.status == Status.RATED


def test_hr_may_send_a_low_result_back_to_the_evaluator_with_a_reason(evaluation, org):
    rate(evaluation, org, 2, 2, 2, 2)
    with pytest.raises(ValidationError, match="Say why"):
        workflow.return_to_evaluator(evaluation=evaluation, by=org.hr_user, comment=" ")
    workflow.return_to_evaluator(evaluation=evaluation, by=org.hr_user, comment="Add examples.")
    evaluation.refresh_from_db()
    assert evaluation.status == Status.DRAFT


def test_a_meets_summary_goes_straight_to_the_head(evaluation, org):
    rate(evaluation, org, 3, 3, 3, 3)
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.went_to_hr) == (Status.RATED, False)


def test_the_head_changes_a_rating_with_a_reason_and_both_values_are_kept(evaluation, org):
    Evaluation.objects.filter(pk=evaluation.pk).update(evaluator=None)  # HR rates, so Paula may review
    rate(evaluation, org, 4, 4, 4, 4, by=org.hr_user)
    courtesy = evaluation.scores.get(order=0)
    with pytest.raises(ValidationError, match="reason for changing the rating of “Courtesy and respect”"):
        workflow.review_evaluation(evaluation=evaluation, by=org.head_user, changes={courtesy.pk: (2, "")})
    workflow.review_evaluation(
        evaluation=evaluation, by=org.head_user, changes={courtesy.pk: (2, "Three complaints in March.")}
    )
    courtesy.refresh_from_db()
    evaluation.refresh_from_db()
    assert (courtesy.initial_rating, courtesy.final_rating, courtesy.change_reason) == (
        4,
        2,
        "Three complaints in March.",
    )
    assert evaluation.status == Status.REVIEWED
    assert str(evaluation.score) == "3.60"  # (2x20 + 4x20 + 4x30 + 4x30) / 100


def test_a_head_never_reviews_their_own_evaluation_or_one_outside_their_subtree(org):
    open_for(org)
    own = Evaluation.objects.get(employee=org.pw_head)
    rate(own, org, 4, 4, 4, 4, by=org.hr_user)
    with pytest.raises(PermissionDenied):
        workflow.review_evaluation(evaluation=own, by=org.head_user)
    other = Evaluation.objects.get(employee=org.clinic_worker)
    rate(other, org, 4, 4, 4, 4, by=org.hr_user)
    with pytest.raises(PermissionDenied):
        workflow.review_evaluation(evaluation=other, by=org.head_user)


def test_acknowledging_keeps_the_employees_comment(evaluation, org):
    move_to(evaluation, org, Status.RELEASED)
    workflow.acknowledge_evaluation(evaluation=evaluation, by=org.employee_user, comment="I do not agree with 2.")
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.employee_comment) == (Status.ACKNOWLEDGED, "I do not agree with 2.")
    assert evaluation.acknowledged_at is not None


def test_every_change_is_kept_in_history_with_who_made_it(evaluation, org):
    move_to(evaluation, org, Status.RELEASED)
    history = list(evaluation.history.order_by("history_date"))
    assert [h.status for h in history] == ["draft", "rated", "reviewed", "finalised", "released"]
    assert [h.history_user for h in history[1:]] == [org.hr_user, org.hr_user, org.hr_user, org.hr_user]
    score_history = evaluation.scores.first().history.order_by("history_date")
    assert [h.initial_rating for h in score_history] == [None, 4]


def test_hr_staff_never_handle_their_own_evaluation(org):
    open_for(org)
    own = Evaluation.objects.get(employee=org.hr_user.employee)
    with pytest.raises(PermissionDenied):
        rate(own, org, 4, 4, 4, 4, by=org.hr_user)
    rate(own, org, 4, 4, 4, 4, by=org.admin_user)
    Evaluation.objects.filter(pk=own.pk).update(status=Status.REVIEWED)
    with pytest.raises(PermissionDenied, match="Another member of HR staff"):
        workflow.finalise_evaluation(evaluation=own, by=org.hr_user)


def county_head(org):
    """Give the county a head, so that there is a head above Paula (Public Works)."""
    person = make_employee(org.county, "Carl", "Chief")
    org.county.head = person
    org.county.save()
    return make_user("countyhead", Role.DEPARTMENT_HEAD, Role.EMPLOYEE, employee=person)


def test_a_head_never_reviews_ratings_they_gave_the_head_above_does(evaluation, org):
    chief = county_head(org)
    rate(evaluation, org, 4, 4, 4, 4)  # Paula, Walter's supervisor and head of Public Works
    assert "review" not in workflow.allowed_steps(evaluation, org.head_user)
    with pytest.raises(PermissionDenied):
        workflow.review_evaluation(evaluation=evaluation, by=org.head_user)
    with pytest.raises(PermissionDenied):  # there is a head above Paula, so HR does not step in
        workflow.review_evaluation(evaluation=evaluation, by=org.hr_user)
    workflow.review_evaluation(evaluation=evaluation, by=chief)
    evaluation.refresh_from_db()
    assert evaluation.status == Status.REVIEWED


def test_without_a_head_above_the_evaluating_head_hr_reviews_and_finds_it_on_their_list(evaluation, client, org):
    rate(evaluation, org, 4, 4, 4, 4)
    client.force_login(org.hr_user)
    assert "Walter" in client.get(reverse("evaluations:my_evaluations")).content.decode()
    page = client.get(reverse("evaluations:evaluation_detail", args=[evaluation.pk])).content.decode()
    assert "so HR reviews them" in page and "Complete the review" in page
    client.force_login(org.head_user)
    assert "Walter" not in client.get(reverse("evaluations:my_evaluations")).content.decode()
    workflow.review_evaluation(evaluation=evaluation, by=org.hr_user)
    evaluation.refresh_from_db()
    assert evaluation.status == Status.REVIEWED


def test_hr_leaves_the_review_to_a_head_who_did_not_rate(org):
    open_for(org)
    clinic = Evaluation.objects.get(employee=org.clinic_worker)
    Evaluation.objects.filter(pk=clinic.pk).update(evaluator=None)
    clinic = rate(clinic, org, 4, 4, 4, 4, by=org.hr_user)
    assert "review" not in workflow.allowed_steps(clinic, org.hr_user)
    assert "review" in workflow.allowed_steps(clinic, org.other_head_user)
