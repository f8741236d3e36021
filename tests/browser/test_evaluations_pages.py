"""The evaluation pages in a real browser: rate, review with a changed rating, acknowledge; the pay plan
and certification pages. Each checked by axe-core and kept as a screenshot."""

from decimal import Decimal

import pytest

from evaluations.models import Evaluation, EvaluationStatus, MeritRule, PayPlan
from evaluations.services import workflow
from evaluations.services.pay import compute_pay_plan
from tests.evaluations.builders import PDF_BYTES, open_for, ratings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_evaluator_rates_and_the_head_changes_a_rating_with_a_reason(
    page, live_server, org, sign_in, axe_violations, screenshot
):
    open_for(org)
    evaluation = Evaluation.objects.get(employee=org.water_worker)
    # Trina the trainer rates Walter, so Paula, head of Public Works, reviews (a head never reviews her own ratings).
    Evaluation.objects.filter(pk=evaluation.pk).update(evaluator=org.trainer_user.employee)
    sign_in(page, live_server, "trainer")
    page.goto(f"{live_server.url}{evaluation.get_absolute_url()}")
    assert axe_violations(page) == []
    screenshot(page, "evaluation-rate-form")
    for score in evaluation.scores.all():
        page.locator(f"#id_rating_{score.pk}_3").check()  # the fourth radio: rating 4
    page.get_by_role("button", name="Submit ratings").click()
    page.wait_for_load_state()
    assert page.get_by_text("Rated, awaiting review").first.is_visible()

    page.context.clear_cookies()
    sign_in(page, live_server, "head")
    page.goto(f"{live_server.url}{evaluation.get_absolute_url()}")
    first = evaluation.scores.order_by("order").first()
    page.select_option(f"#id_final_{first.pk}", "3")
    page.get_by_role("button", name="Complete the review").click()
    page.wait_for_load_state()
    assert page.get_by_text(f"Give a reason for changing the rating of “{first.name}”").is_visible()
    assert page.locator(f"#id_final_{first.pk}").input_value() == "3"  # nothing typed is lost
    page.fill(f"#id_reason_{first.pk}", "Two complaints about tone in March.")
    page.get_by_role("button", name="Complete the review").click()
    page.wait_for_load_state()
    assert page.get_by_text("Reviewed", exact=True).first.is_visible()
    assert page.get_by_text("Changed in review:").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "evaluation-reviewed")


def test_the_employee_acknowledges_a_released_evaluation(page, live_server, org, sign_in, axe_violations, screenshot):
    open_for(org)
    evaluation = Evaluation.objects.get(employee=org.water_worker)
    workflow.save_ratings(evaluation=evaluation, by=org.hr_user, ratings=ratings(evaluation, 4, 5, 3, 4), submit=True)
    Evaluation.objects.filter(pk=evaluation.pk).update(status=EvaluationStatus.FINALISED)
    workflow.release_evaluation(evaluation=evaluation, by=org.hr_user)
    sign_in(page, live_server, "employee")
    page.goto(f"{live_server.url}/evaluations/")
    page.get_by_role("link", name=evaluation.cycle.name).first.click()
    assert axe_violations(page) == []
    screenshot(page, "evaluation-acknowledge")
    page.fill("#id_comment", "I have read it.")
    page.get_by_role("button", name="Acknowledge").click()
    assert page.get_by_text("Your acknowledgement is recorded").is_visible()


def test_pay_plan_certification_and_printable_pages(page, live_server, org, sign_in, axe_violations, screenshot):
    cycle = open_for(org)
    Evaluation.objects.filter(cycle=cycle).update(
        status=EvaluationStatus.FINALISED, score=Decimal("3.90"), band="Exceeds"
    )
    plan = PayPlan.objects.create(
        cycle=cycle, atb_percent=Decimal("2"), budget_pool=Decimal("20000"), cap_percent=Decimal("10")
    )
    MeritRule.objects.create(plan=plan, band="Exceeds", steps=2)
    compute_pay_plan(plan=plan, by=org.hr_user)
    sign_in(page, live_server, "hr")
    for path, name in [
        (f"/evaluations/cycles/{cycle.pk}/pay/", "evaluation-pay-plan"),
        (f"/evaluations/cycles/{cycle.pk}/", "evaluation-cycle-dashboard"),
        (f"/evaluations/cycles/{cycle.pk}/certifications/", "evaluation-certification"),
        (f"/evaluations/cycles/{cycle.pk}/calibration/", "evaluation-calibration"),
        ("/evaluations/all/", "evaluation-table"),
        (f"/evaluations/{Evaluation.objects.get(employee=org.water_worker).pk}/print/", "evaluation-print"),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
        screenshot(page, name)


def test_hr_records_an_elected_officials_signed_statement_and_the_plan_shows_performance_payments(
    page, live_server, org, sign_in, axe_violations, screenshot, tmp_path
):
    cycle = open_for(org)
    Evaluation.objects.filter(cycle=cycle).update(
        status=EvaluationStatus.FINALISED, score=Decimal("3.90"), band="Exceeds"
    )
    plan = PayPlan.objects.create(
        cycle=cycle, atb_percent=Decimal("0"), lump_sum_kind="band", budget_pool=Decimal("5000")
    )
    MeritRule.objects.create(plan=plan, band="Exceeds", lump_sum=Decimal("2.5"))
    compute_pay_plan(plan=plan, by=org.hr_user)
    scan = tmp_path / "statement.pdf"
    scan.write_bytes(PDF_BYTES)
    sign_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/evaluations/cycles/{cycle.pk}/certifications/")
    card = page.locator("section.card", has_text="Public Works")
    card.get_by_label("Signing as").select_option("elected_official")
    card.get_by_label("Name of the person who signed on paper").fill("Commissioner Dana Ruiz")
    card.get_by_label("Office held").fill("County Commissioner, District 3")
    card.get_by_label("Date signed").fill("2026-09-01")
    card.get_by_label("Signed statement").set_input_files(str(scan))
    card.get_by_label("I have read the statement above").check()
    card.get_by_role("button", name="Record the signature").click()
    assert page.get_by_text("Signed for Public Works.").is_visible()
    assert page.get_by_text("County Commissioner, District 3, signed Sept. 1, 2026").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "evaluation-certification-elected-official")
    page.goto(f"{live_server.url}/evaluations/cycles/{cycle.pk}/pay/")
    assert page.get_by_text("You recorded the paper certification of Public Works").is_visible()
    assert page.get_by_role("cell", name="$1,250.00").first.is_visible()  # 2.5 % of 50,000.00
    assert axe_violations(page) == []
    screenshot(page, "evaluation-pay-plan-performance-payments")


def test_hr_finds_every_evaluations_page_in_the_menu(page, live_server, org, sign_in, axe_violations, screenshot):
    sign_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/")
    menu = page.get_by_role("navigation", name="Main")
    menu.get_by_role("button", name="Evaluations").click()
    for name in ("My evaluations to do", "All evaluations", "Cycles and pay", "Evaluation templates"):
        assert menu.get_by_role("link", name=name, exact=True).is_visible()
    assert axe_violations(page) == []
    screenshot(page, "evaluations-hr-menu")
    menu.get_by_role("link", name="Evaluation templates").click()
    page.wait_for_load_state()
    assert page.url.endswith("/evaluations/templates/")
