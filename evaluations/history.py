"""The history HR reads on an evaluation's page: every recorded change to the evaluation, its ratings,
the certifications that cover its department in its cycle, and the employee's award, newest first."""

from dataclasses import dataclass
from datetime import datetime

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from evaluations.models import Award, Certification, EvaluationScore
from evaluations.services.certification import covering_department_ids


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: object  # the user who made the change, or None (a change made by a script)
    what: str


def evaluation_history(evaluation) -> list[HistoryEntry]:
    """Four queries, however long the history."""
    band_label = evaluation.cycle.band_label  # bands are recorded by their English key
    entries = [
        _evaluation_entry(record, band_label) for record in evaluation.history.select_related("history_user__employee")
    ]
    # History records a criterion's name as it was read; the reader sees the frozen copy's, in their language.
    names = {score.pk: score.name for score in evaluation.scores.all()}
    score_ids = list(names)
    scores = EvaluationScore.history.filter(id__in=score_ids).select_related("history_user__employee")
    entries += [_score_entry(record, names.get(record.id, record.name)) for record in scores]
    certifications = Certification.history.filter(
        cycle_id=evaluation.cycle_id, department_id__in=covering_department_ids(evaluation.department)
    ).select_related("history_user__employee", "department")
    entries += [_certification_entry(record) for record in certifications]
    awards = Award.history.filter(evaluation_id=evaluation.pk).select_related("history_user__employee")
    entries += [_award_entry(record) for record in awards]
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def _entry(record, what: str) -> HistoryEntry:
    return HistoryEntry(when=record.history_date, who=record.history_user, what=what)


def _evaluation_entry(record, band_label) -> HistoryEntry:
    what = _("Evaluation: %(status)s") % {"status": record.get_status_display()}
    if record.score is not None:
        what += f", {floatformat(record.score, 2)} {band_label(record.band)}"
    return _entry(record, what)


def _score_entry(record, name: str) -> HistoryEntry:
    what = _("%(criterion)s: initial %(initial)s, final %(final)s") % {
        "criterion": name,
        "initial": record.initial_rating or "—",
        "final": record.final_rating or "—",
    }
    if record.change_reason:
        what += f" ({record.change_reason})"
    return _entry(record, what)


def _certification_entry(record) -> HistoryEntry:
    values = {
        "department": record.department.name,
        "role": record.get_signer_role_display(),
        "name": record.signer_name,
    }
    if record.withdrawn_at:
        what = _("Certification of %(department)s (%(role)s, %(name)s) withdrawn: %(reason)s") % {
            **values,
            "reason": record.withdrawal_reason,
        }
    else:
        what = _("Certification of %(department)s signed (%(role)s, %(name)s)") % values
    return _entry(record, what)


def _award_entry(record) -> HistoryEntry:
    if record.history_type == "-":
        return _entry(record, _("Award removed: the evaluation no longer counts for pay"))
    what = _("Award: across-the-board %(atb)s, merit %(merit)s, lump sum %(lump)s, new salary %(salary)s") % {
        name: floatformat(getattr(record, field), "2g")
        for name, field in (
            ("atb", "atb_amount"),
            ("merit", "merit_amount"),
            ("lump", "lump_sum"),
            ("salary", "new_salary"),
        )
    }
    return _entry(record, what)
