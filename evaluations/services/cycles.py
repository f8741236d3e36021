"""Cycles and templates: saving them with their rows, the weight rules, and opening a cycle (evaluations
created in bulk)."""

from decimal import Decimal
from typing import Any, TypeAlias

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.forms import BaseInlineFormSet, ModelForm
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from evaluations.models import (
    Criterion,
    CriterionContent,
    Cycle,
    CycleStatus,
    Evaluation,
    EvaluationScore,
    Template,
    plain,
)
from evaluations.services.roles import require_hr
from org.models import Department, Employee

# Inline rows of any model and form class (the bands' and criteria's forms edit each language's text); quoted,
# as the class is generic in django-stubs only.
Rows: TypeAlias = "BaseInlineFormSet[Any, Any, Any]"


def save_with_rows(*, form: ModelForm, rows: Rows, by):
    """Save a validated form and its validated inline rows together, or neither. `by` must be HR: the set-up
    of cycles, templates and pay plans is theirs."""
    require_hr(by)
    with transaction.atomic():
        form.instance._history_user = by  # simple-history reads who acted from here
        rows.instance = form.save()
        for row in rows.save(commit=False):
            row._history_user = by
            row.save()
        for row in rows.deleted_objects:
            row._history_user = by
            row.delete()
    return rows.instance


def save_cycle(*, form: ModelForm, bands: Rows, by) -> Cycle:
    """Create or change a cycle with its rating bands (a CycleForm and a BandFormSet the view has validated)."""
    return save_with_rows(form=form, rows=bands, by=by)


def save_template(*, form: ModelForm, criteria: Rows, by) -> Template:
    """Create or change a template with its criteria. The weight rules are checked when a cycle uses it, and
    evaluations already created keep their own copy of the criteria."""
    return save_with_rows(form=form, rows=criteria, by=by)


def template_problems(*, template: Template, cycle: Cycle, criteria: list[Criterion] | None = None) -> list[str]:
    """Every rule the template breaks for this cycle, in words HR can act on. Empty when it may be used."""
    criteria = list(template.criteria.all()) if criteria is None else criteria
    if not criteria:
        return [_("“%(template)s” has no criteria yet.") % {"template": template.name}]
    problems = []
    total = sum((criterion.weight for criterion in criteria), Decimal(0))
    if total != 100:
        problems.append(
            _("The weights of “%(template)s” add up to %(total)s %%; they must add up to exactly 100 %%.")
            % {"template": template.name, "total": plain(total)}
        )
    service = sum((c.weight for c in criteria if c.is_customer_service), Decimal(0))
    if service < cycle.min_customer_service_weight:
        problems.append(
            _(
                "The customer-service criteria of “%(template)s” weigh %(service)s %% in total; "
                "%(cycle)s requires at least %(minimum)s %%."
            )
            % {
                "template": template.name,
                "service": plain(service),
                "cycle": cycle.name,
                "minimum": plain(cycle.min_customer_service_weight),
            }
        )
    return problems


def choose_template(employee: Employee, templates: list[Template]) -> Template | None:
    """The template an employee is evaluated by, among the active ones (prefetched with their job classes and
    departments), or None when none fits and the cycle's default applies. The first rule that matches wins:

    1. a template linked to the employee's job class (the job description says what service the job owes);
    2. a template naming the employee's job title;
    3. the template of the nearest department at or above the employee's.

    A job class linked to several active templates (the template form, on HR's page and in admin, refuses that;
    only a change outside both could do it) takes the first by name.
    """
    if employee.job_class_id:
        for template in templates:
            if any(job_class.pk == employee.job_class_id for job_class in template.job_classes.all()):
                return template
    title = employee.job_title.strip().casefold()
    for template in templates:
        if title and title in template.job_title_list():
            return template
    best, best_depth = None, -1
    for template in templates:
        for department in template.departments.all():
            if employee.department.path.startswith(department.path) and department.depth > best_depth:
                best, best_depth = template, department.depth
    return best


def evaluator_for(employee: Employee) -> Employee | None:
    """The supervisor rates; without one, the head of the employee's department (never the employee)."""
    if employee.supervisor_id:
        return employee.supervisor
    head_id = employee.department.head_id
    return employee.department.head if head_id and head_id != employee.pk else None


@transaction.atomic
def open_cycle(*, cycle: Cycle, departments, by, default_template: Template | None = None, employees=None) -> int:
    """Create an evaluation for every active employee of the departments (and below) who has none yet,
    or only for the given employees among them.

    Each employee's template is the one linked to their job class when there is one; otherwise one naming their
    job title or their department (`choose_template`); otherwise `default_template`, the template HR chose for
    this opening. Criteria and weights are copied into each evaluation, with the employee's job title and job
    class, so what they were judged by stays as it was. Refuses, naming the rule, if a template that would be
    used breaks the weight rules or some employee would get no template. Returns how many it created.
    """
    require_hr(by)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status == CycleStatus.CLOSED:
        raise ValidationError(_("This cycle is closed; open a new one."))
    if not cycle.bands.exists():
        raise ValidationError(_("Define the rating bands of the cycle before opening it."))
    chosen_people = Employee.objects.active().filter(department__in=Department.objects.subtrees(departments))
    if employees:
        chosen_people = chosen_people.filter(pk__in=[employee.pk for employee in employees])
    employees = list(chosen_people.exclude(evaluations__cycle=cycle).select_related("department__head", "supervisor"))
    templates = list(Template.objects.filter(active=True).prefetch_related("job_classes", "departments", "criteria"))
    if default_template is not None:
        prefetch_related_objects([default_template], "criteria")
    chosen = {employee.pk: choose_template(employee, templates) or default_template for employee in employees}
    _check_templates(cycle, employees, chosen)
    evaluations = bulk_create_with_history(
        [
            Evaluation(
                cycle=cycle,
                employee=employee,
                department=employee.department,
                job_title=employee.job_title,
                job_class_id=employee.job_class_id,
                evaluator=evaluator_for(employee),
                template=chosen[employee.pk],
            )
            for employee in employees
        ],
        Evaluation,
        default_user=by,
    )
    bulk_create_with_history(
        [
            copy_criterion(criterion, evaluation)
            for evaluation in evaluations
            for criterion in _criteria(evaluation.template)
        ],
        EvaluationScore,
        default_user=by,
    )
    if cycle.status == CycleStatus.PLANNING:
        cycle.status = CycleStatus.OPEN
        cycle.save(update_fields=["status"])
    return len(evaluations)


def _criteria(template: Template) -> list[Criterion]:
    return list(template.criteria.all())


def copy_criterion(criterion: Criterion, evaluation: Evaluation) -> EvaluationScore:
    fields = {name: getattr(criterion, name) for name in CriterionContent.copied_fields()}
    return EvaluationScore(evaluation=evaluation, criterion=criterion, **fields)


def _check_templates(cycle: Cycle, employees: list[Employee], chosen: dict) -> None:
    without = [employee.full_name for employee in employees if chosen[employee.pk] is None]
    if without:
        raise ValidationError(
            _(
                "No template fits %(count)d employees (%(names)s). Choose a default template or link one to their department."
            )
            % {"count": len(without), "names": ", ".join(without[:5]) + ("…" if len(without) > 5 else "")}
        )
    problems = []
    for template in set(chosen.values()):
        problems += template_problems(template=template, cycle=cycle, criteria=_criteria(template))
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def close_cycle(*, cycle: Cycle, by) -> None:
    require_hr(by)
    cycle.status = CycleStatus.CLOSED
    cycle.save(update_fields=["status"])
