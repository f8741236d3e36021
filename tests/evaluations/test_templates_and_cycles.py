"""Weight rules, opening a cycle, and evaluations that keep what they were judged by."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluations.forms import CriterionFormSet, TemplateForm
from evaluations.models import CycleStatus, Evaluation, EvaluationStatus, Template
from evaluations.services.cycles import choose_template, open_cycle, save_template, template_problems
from tests.evaluations.builders import make_cycle, make_template, open_for
from tests.factories import make_employee

pytestmark = pytest.mark.django_db


def test_a_template_whose_weights_do_not_add_up_to_100_is_refused_with_the_total():
    template = make_template(criteria=[("Courtesy", "40", True, False), ("Accuracy", "50", False, False)])
    problems = template_problems(template=template, cycle=make_cycle())
    assert problems == ["The weights of “Front line” add up to 90 %; they must add up to exactly 100 %."]


def test_customer_service_weight_below_the_cycle_minimum_is_refused_naming_both_figures():
    template = make_template(criteria=[("Courtesy", "25", True, False), ("Accuracy", "75", False, False)])
    problems = template_problems(template=template, cycle=make_cycle(minimum="30"))
    assert problems == [
        "The customer-service criteria of “Front line” weigh 25 % in total; FY2026 requires at least 30 %."
    ]


def test_a_template_meeting_both_rules_may_be_used_and_the_minimum_is_inclusive():
    template = make_template(criteria=[("Courtesy", "30", True, False), ("Accuracy", "70", False, False)])
    assert template_problems(template=template, cycle=make_cycle(minimum="30")) == []


def test_a_template_without_criteria_is_refused():
    template = make_template(criteria=[])
    assert template_problems(template=template, cycle=make_cycle()) == ["“Front line” has no criteria yet."]


def test_opening_with_a_broken_template_creates_nothing_and_says_which_rule_failed(org):
    cycle = make_cycle()
    broken = make_template(criteria=[("Courtesy", "10", True, False), ("Accuracy", "90", False, False)])
    with pytest.raises(ValidationError) as error:
        open_cycle(cycle=cycle, departments=[org.county], by=org.hr_user, default_template=broken)
    assert "weigh 10 % in total" in str(error.value)
    assert not Evaluation.objects.exists()


def test_opening_creates_one_evaluation_per_employee_with_copied_criteria_and_the_supervisor(org):
    cycle = open_for(org)
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.OPEN
    assert Evaluation.objects.filter(cycle=cycle).count() == 6  # every active employee of the test county
    evaluation = Evaluation.objects.get(employee=org.water_worker)
    assert evaluation.department == org.water
    assert evaluation.evaluator == org.pw_head
    assert evaluation.status == EvaluationStatus.DRAFT
    assert [(s.name, s.weight, s.is_customer_service, s.is_critical) for s in evaluation.scores.all()] == [
        ("Courtesy and respect", Decimal("20.00"), True, False),
        ("Explains decisions", Decimal("20.00"), True, False),
        ("Accuracy", Decimal("30.00"), False, True),
        ("Teamwork", Decimal("30.00"), False, False),
    ]
    assert evaluation.history.count() == 1


def test_opening_again_adds_only_the_employees_still_missing(org):
    cycle = open_for(org)
    newcomer = make_employee(org.clinic, "Nora", "New")
    created = open_cycle(cycle=cycle, departments=[org.health], by=org.hr_user, default_template=make_template("Other"))
    assert created == 1
    assert Evaluation.objects.get(employee=newcomer).template.name == "Other"


def test_editing_a_template_never_rewrites_existing_evaluations(org):
    template = make_template()
    open_for(org, template=template)
    criterion = template.criteria.get(name="Accuracy")
    criterion.name, criterion.weight, criterion.anchor_5 = "Precision", Decimal("10"), "changed"
    criterion.save()
    template.criteria.get(name="Teamwork").delete()
    frozen = Evaluation.objects.get(employee=org.water_worker).scores.get(order=2)
    assert (frozen.name, frozen.weight, frozen.anchor_5) == ("Accuracy", Decimal("30.00"), "Accuracy: always")
    assert Evaluation.objects.get(employee=org.water_worker).scores.count() == 4


def test_a_job_title_template_wins_over_the_nearest_department_template(org):
    county_wide = make_template("County", departments=[org.county])
    public_works = make_template("Public Works", departments=[org.public_works])
    clerks = make_template("Clerks")
    clerks.job_titles = "Meter reader\nclerk"
    clerks.save()
    templates = [county_wide, public_works, clerks]
    assert choose_template(org.water_worker, templates) == clerks  # job title "Clerk", case-insensitive
    org.water_worker.job_title = "Engineer"
    assert choose_template(org.water_worker, templates) == public_works
    org.clinic_worker.job_title = "Nurse"
    assert choose_template(org.clinic_worker, templates) == county_wide


def test_only_hr_opens_a_cycle(org):
    with pytest.raises(PermissionDenied):
        open_cycle(cycle=make_cycle(), departments=[org.county], by=org.head_user, default_template=make_template())


def test_a_cycle_without_bands_cannot_open(org):
    cycle = make_cycle()
    cycle.bands.all().delete()
    with pytest.raises(ValidationError, match="rating bands"):
        open_cycle(cycle=cycle, departments=[org.county], by=org.hr_user, default_template=make_template())


def test_opening_for_chosen_employees_only(org):
    cycle = make_cycle()
    created = open_cycle(
        cycle=cycle,
        departments=[org.county],
        by=org.hr_user,
        default_template=make_template(),
        employees=[org.water_worker, org.clinic_worker],
    )
    assert created == 2
    assert set(Evaluation.objects.values_list("employee", flat=True)) == {org.water_worker.pk, org.clinic_worker.pk}


def test_only_hr_saves_a_template_and_a_refused_save_changes_nothing(org):
    template = make_template()
    form = TemplateForm({"name": "Renamed by a head", "job_titles": "", "active": "on"}, instance=template)
    criteria = CriterionFormSet({"criteria-TOTAL_FORMS": "0", "criteria-INITIAL_FORMS": "0"}, instance=template)
    assert form.is_valid() and criteria.is_valid()
    with pytest.raises(PermissionDenied):
        save_template(form=form, criteria=criteria, by=org.head_user)
    assert Template.objects.get(pk=template.pk).name == "Front line"
    assert save_template(form=form, criteria=criteria, by=org.hr_user).name == "Renamed by a head"
