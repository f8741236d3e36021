"""The steps of one evaluation, each allowed only to the right person:

draft --(evaluator or HR asks)--> self_evaluation --(employee submits)--> draft
draft --(evaluator or HR rates)--> rated, or hr_review when the summary is in the lowest two bands
hr_review --(HR clears)--> rated --(department head reviews, may change ratings with a reason)--> reviewed
  (a head never reviews ratings they gave: a head further up the tree does, or HR where there is none)
reviewed --(HR finalises)--> finalised --(HR releases)--> released --(employee acknowledges)--> acknowledged
finalised/released/acknowledged --(HR reopens)--> rated, withdrawing the department's certification
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import SETTLED_STATUSES, Evaluation, EvaluationScore, EvaluationStatus
from evaluations.scoring import score_evaluation
from evaluations.services.certification import withdraw_certifications_for
from evaluations.services.roles import (
    is_hr,
    is_own,
    may_rate,
    may_review,
    require,
    require_hr_for,
)

Status = EvaluationStatus
RATABLE = (Status.DRAFT, Status.SELF_EVALUATION)


def _locked(evaluation: Evaluation) -> Evaluation:
    """Re-read the evaluation under a row lock, so two people cannot take the same step at once."""
    return Evaluation.objects.select_for_update().select_related("cycle").get(pk=evaluation.pk)


def _expect(evaluation: Evaluation, *statuses: str) -> None:
    if evaluation.status not in statuses:
        raise ValidationError(
            _("This evaluation is now “%(status)s”; that step is not possible any more. Reload the page.")
            % {"status": evaluation.get_status_display()}
        )


def _save(instance, by, **fields) -> None:
    """Save the given fields, recording who did it in the history."""
    for name, value in fields.items():
        setattr(instance, name, value)
    instance._history_user = by
    instance.save()


def _scores(evaluation: Evaluation) -> list[EvaluationScore]:
    return list(evaluation.scores.select_for_update().order_by("order", "pk"))


@transaction.atomic
def request_self_evaluation(*, evaluation: Evaluation, by) -> Evaluation:
    evaluation = _locked(evaluation)
    require(may_rate(evaluation, by), _("Only the evaluator or HR staff may ask for a self-evaluation."))
    _expect(evaluation, Status.DRAFT)
    if evaluation.self_submitted_at:
        raise ValidationError(_("The employee has already submitted a self-evaluation."))
    _save(evaluation, by, status=Status.SELF_EVALUATION)
    return evaluation


@transaction.atomic
def submit_self_evaluation(*, evaluation: Evaluation, by, self_ratings: dict[int, int], assessment: str) -> Evaluation:
    """The employee rates themselves; the ratings are kept beside the evaluator's, never instead of them."""
    evaluation = _locked(evaluation)
    require(is_own(evaluation, by), _("Only the employee writes their self-evaluation."))
    _expect(evaluation, Status.SELF_EVALUATION)
    for score in _scores(evaluation):
        if score.pk in self_ratings:
            _save(score, by, self_rating=_valid_rating(self_ratings[score.pk]))
    _save(evaluation, by, status=Status.DRAFT, self_assessment=assessment, self_submitted_at=timezone.now())
    return evaluation


def _valid_rating(value) -> int:
    if value not in (1, 2, 3, 4, 5):
        raise ValidationError(_("Each rating is a whole number from 1 to 5."))
    return value


@transaction.atomic
def save_ratings(
    *,
    evaluation: Evaluation,
    by,
    ratings: Mapping[int, int | None],
    comments: Mapping[int, str] | None = None,
    evaluator_comment: str = "",
    submit: bool = False,
) -> Evaluation:
    """The evaluator (or HR) rates each criterion. Saving keeps a draft; submitting needs every rating
    and sends the evaluation on: to HR first when the summary is in the lowest two bands."""
    evaluation = _locked(evaluation)
    require(may_rate(evaluation, by), _("Only the evaluator or HR staff may rate this evaluation."))
    _expect(evaluation, *RATABLE)
    comments = comments or {}
    scores = _scores(evaluation)
    for score in scores:
        rating = ratings.get(score.pk)
        rating = None if rating is None else _valid_rating(rating)
        _save(
            score,
            by,
            initial_rating=rating,
            final_rating=rating,
            rater_comment=comments.get(score.pk, score.rater_comment),
        )
    fields: dict[str, object] = {"evaluator_comment": evaluator_comment}
    score_evaluation(evaluation, scores)
    if submit:
        missing = [score.name for score in scores if score.initial_rating is None]
        if missing:
            raise ValidationError(
                _("Rate every criterion before submitting. Missing: %(names)s.") % {"names": ", ".join(missing)}
            )
        to_hr = evaluation.band in evaluation.cycle.low_band_names()
        fields.update(status=Status.HR_REVIEW if to_hr else Status.RATED, went_to_hr=to_hr, rated_at=timezone.now())
    _save(evaluation, by, **fields)
    return evaluation


@transaction.atomic
def clear_hr_review(*, evaluation: Evaluation, by, comment: str = "") -> Evaluation:
    """HR has looked at a below-expectations result; it goes on to the department head."""
    evaluation = _locked(evaluation)
    require_hr_for(evaluation, by)
    _expect(evaluation, Status.HR_REVIEW)
    _save(evaluation, by, status=Status.RATED, hr_comment=comment)
    return evaluation


@transaction.atomic
def return_to_evaluator(*, evaluation: Evaluation, by, comment: str) -> Evaluation:
    """HR sends a below-expectations result back to be rated again (the ratings stay as a starting point)."""
    evaluation = _locked(evaluation)
    require_hr_for(evaluation, by)
    _expect(evaluation, Status.HR_REVIEW)
    if not comment.strip():
        raise ValidationError(_("Say why the evaluation goes back to the evaluator."))
    _save(evaluation, by, status=Status.DRAFT, hr_comment=comment)
    return evaluation


@transaction.atomic
def review_evaluation(
    *, evaluation: Evaluation, by, changes: dict[int, tuple[int, str]] | None = None, comment: str = ""
) -> Evaluation:
    """The department head reviews. A changed rating needs a reason; the initial rating is kept."""
    evaluation = _locked(evaluation)
    require(
        may_review(evaluation, by),
        _(
            "Only a head of the employee's department or one above it may review it, never the evaluator; "
            "HR reviews when there is no such head."
        ),
    )
    _expect(evaluation, Status.RATED)
    scores = _scores(evaluation)
    for score in scores:
        rating, reason = (changes or {}).get(score.pk, (score.final_rating, ""))
        rating = _valid_rating(rating)
        if rating != score.final_rating:
            if not reason.strip():
                raise ValidationError(_("Give a reason for changing the rating of “%(name)s”.") % {"name": score.name})
            _save(score, by, final_rating=rating, change_reason=reason.strip())
    score_evaluation(evaluation, scores)
    _save(evaluation, by, status=Status.REVIEWED, reviewer_comment=comment, reviewed_at=timezone.now())
    return evaluation


def _hr_step(evaluation: Evaluation, by, *, expected: str, to: str, stamp: str) -> Evaluation:
    evaluation = _locked(evaluation)
    require_hr_for(evaluation, by)
    _expect(evaluation, expected)
    _save(evaluation, by, status=to, **{stamp: timezone.now()})
    return evaluation


@transaction.atomic
def finalise_evaluation(*, evaluation: Evaluation, by) -> Evaluation:
    return _hr_step(evaluation, by, expected=Status.REVIEWED, to=Status.FINALISED, stamp="finalised_at")


@transaction.atomic
def release_evaluation(*, evaluation: Evaluation, by) -> Evaluation:
    return _hr_step(evaluation, by, expected=Status.FINALISED, to=Status.RELEASED, stamp="released_at")


@transaction.atomic
def acknowledge_evaluation(*, evaluation: Evaluation, by, comment: str = "") -> Evaluation:
    """The employee confirms they have seen it. Acknowledging is not agreeing; the comment says so if needed."""
    evaluation = _locked(evaluation)
    require(is_own(evaluation, by), _("Only the employee acknowledges their own evaluation."))
    _expect(evaluation, Status.RELEASED)
    _save(evaluation, by, status=Status.ACKNOWLEDGED, employee_comment=comment.strip(), acknowledged_at=timezone.now())
    return evaluation


@transaction.atomic
def reopen_evaluation(*, evaluation: Evaluation, by, reason: str) -> Evaluation:
    """HR reopens a settled evaluation for the department head to review again.

    Awards must not rest on an evaluation that may still change, so every certification covering its
    department is withdrawn here, in the same transaction.
    """
    evaluation = _locked(evaluation)
    require_hr_for(evaluation, by)
    _expect(evaluation, *SETTLED_STATUSES)
    if not reason.strip():
        raise ValidationError(_("Say why the evaluation is reopened."))
    _save(
        evaluation,
        by,
        status=Status.RATED,
        hr_comment=reason.strip(),
        finalised_at=None,
        released_at=None,
        acknowledged_at=None,
    )
    withdraw_certifications_for(evaluation=evaluation, by=by, reason=reason.strip())
    return evaluation


def allowed_steps(evaluation: Evaluation, user) -> set[str]:
    """The steps this person could take now, for showing the right buttons (the services check again)."""
    hr = is_hr(user) and not is_own(evaluation, user)
    steps = set()
    status = evaluation.status
    if status in RATABLE and may_rate(evaluation, user):
        steps.add("rate")
        if status == Status.DRAFT and not evaluation.self_submitted_at:
            steps.add("request_self")
    if status == Status.SELF_EVALUATION and is_own(evaluation, user):
        steps.add("self_evaluate")
    if status == Status.HR_REVIEW and hr:
        steps |= {"clear_hr", "return"}
    if status == Status.RATED and may_review(evaluation, user):
        steps.add("review")
    if status == Status.REVIEWED and hr:
        steps.add("finalise")
    if status == Status.FINALISED and hr:
        steps.add("release")
    if status == Status.RELEASED and is_own(evaluation, user):
        steps.add("acknowledge")
    if status in SETTLED_STATUSES and hr:
        steps.add("reopen")
    return steps
