"""The pages, as people use them: who can open what (404 outside scope, 403 for the wrong role),
the step forms, and fixed query counts however many evaluations there are."""

import subprocess
from decimal import Decimal

import pytest
from django.templatetags.static import static
from django.urls import reverse

from evaluations.models import Evaluation, EvaluationStatus, MeritRule, PayPlan
from evaluations.services import workflow
from evaluations.services.certification import certify_department
from evaluations.services.cycles import open_cycle
from evaluations.services.pay import compute_pay_plan
from jobs.models import Job
from tests.evaluations.builders import make_template, open_for, ratings, record_official
from tests.factories import make_employee
from tests.jobs.conftest import run_queued_jobs
from tests.pdfs import is_tagged, outline

pytestmark = pytest.mark.django_db
Status = EvaluationStatus


@pytest.fixture
def cycle(org):
    return open_for(org)


def evaluation_of(employee):
    return Evaluation.objects.get(employee=employee)


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def released(org, employee):
    evaluation = evaluation_of(employee)
    workflow.save_ratings(evaluation=evaluation, by=org.hr_user, ratings=ratings(evaluation, 4, 4, 4, 4), submit=True)
    Evaluation.objects.filter(pk=evaluation.pk).update(status=Status.FINALISED)
    workflow.release_evaluation(evaluation=evaluation, by=org.hr_user)
    return evaluation


@pytest.mark.parametrize(
    "who, whose, expected",
    [
        ("hr_user", "clinic_worker", 200),
        ("admin_user", "water_worker", 200),
        ("head_user", "water_worker", 200),  # in the head's subtree
        ("head_user", "clinic_worker", 404),  # a sibling department
        ("other_head_user", "water_worker", 404),
        ("other_head_user", "clinic_worker", 200),
        ("employee_user", "water_worker", 404),  # their own, but not released yet
        ("employee_user", "clinic_worker", 404),
        ("trainer_user", "water_worker", 404),
        ("head_user", "pw_head", 404),  # a head never sees their own before release
    ],
)
def test_who_can_open_an_evaluation(client, org, cycle, who, whose, expected):
    url = reverse("evaluations:evaluation_detail", args=[evaluation_of(getattr(org, whose)).pk])
    assert get(client, getattr(org, who), url).status_code == expected


def test_a_head_asking_for_a_sibling_departments_evaluation_gets_a_404_that_is_logged(client, org, cycle, caplog):
    url = reverse("evaluations:evaluation_detail", args=[evaluation_of(org.clinic_worker).pk])
    with caplog.at_level("WARNING", logger="serviceculture.security"):
        assert get(client, org.head_user, url).status_code == 404
        assert get(client, org.head_user, reverse("evaluations:evaluation_detail", args=[999999])).status_code == 404
    assert [
        record.getMessage().split(" {")[0] for record in caplog.records if record.name == "serviceculture.security"
    ] == ["out-of-scope evaluations.Evaluation"]  # a missing evaluation is not an intrusion


@pytest.mark.parametrize("page", ["evaluation_detail", "evaluation_print"])
def test_an_employee_opens_only_their_own_released_evaluation(client, org, cycle, page):
    own = released(org, org.water_worker)
    other = released(org, org.clinic_worker)
    assert get(client, org.employee_user, reverse(f"evaluations:{page}", args=[own.pk])).status_code == 200
    assert get(client, org.employee_user, reverse(f"evaluations:{page}", args=[other.pk])).status_code == 404


def test_a_supervisor_who_is_not_a_head_sees_the_evaluations_they_rate(client, org, cycle, user_factory):
    from org.roles import Role

    supervisor = make_employee(org.clinic, "Sam", "Supervisor")
    report = make_employee(org.clinic, "Rita", "Report", supervisor=supervisor)
    user = user_factory("sam", Role.EMPLOYEE, employee=supervisor)
    open_cycle(cycle=cycle, departments=[org.clinic], by=org.hr_user, default_template=make_template("More"))
    response = get(client, user, reverse("evaluations:my_evaluations"))
    assert "Rita Report" in response.content.decode()
    assert (
        get(client, user, reverse("evaluations:evaluation_detail", args=[evaluation_of(report).pk])).status_code == 200
    )
    assert (
        get(
            client, user, reverse("evaluations:evaluation_detail", args=[evaluation_of(org.clinic_worker).pk])
        ).status_code
        == 404
    )


def test_rating_through_the_form_and_a_refused_submit_keeps_what_was_typed(client, org, cycle):
    evaluation = evaluation_of(org.water_worker)
    scores = list(evaluation.scores.order_by("order"))
    client.force_login(org.head_user)
    url = reverse("evaluations:evaluation_form_step", args=[evaluation.pk, "rate"])
    data = {f"rating_{scores[0].pk}": "4", f"note_{scores[0].pk}": "Calm with upset callers", "action": "submit"}
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Rate every criterion before submitting" in page and "Calm with upset callers" in page
    data.update({f"rating_{score.pk}": "4" for score in scores})
    response = client.post(url, data)
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.score) == (Status.RATED, Decimal("4.00"))


def test_the_wrong_role_gets_a_403_from_a_step(client, org, cycle):
    evaluation = evaluation_of(org.water_worker)
    client.force_login(org.head_user)  # the head can see it but may not finalise
    response = client.post(reverse("evaluations:evaluation_step", args=[evaluation.pk, "finalise"]))
    assert response.status_code == 403


def test_the_employee_acknowledges_with_a_comment(client, org, cycle):
    evaluation = released(org, org.water_worker)
    client.force_login(org.employee_user)
    page = client.get(reverse("evaluations:evaluation_detail", args=[evaluation.pk])).content.decode()
    assert "does not mean you agree" in page
    client.post(reverse("evaluations:evaluation_step", args=[evaluation.pk, "acknowledge"]), {"comment": "Noted."})
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.employee_comment) == (Status.ACKNOWLEDGED, "Noted.")


def test_hr_sees_the_history_on_the_evaluation_page(client, org, cycle):
    evaluation = released(org, org.water_worker)
    page = get(client, org.hr_user, reverse("evaluations:evaluation_detail", args=[evaluation.pk])).content.decode()
    assert "History" in page and "Released to the employee" in page
    head_page = get(
        client, org.head_user, reverse("evaluations:evaluation_detail", args=[evaluation.pk])
    ).content.decode()
    assert 'id="history-heading"' not in head_page


def test_hr_sees_the_certification_and_award_history_on_the_evaluation_page(client, org, cycle):
    evaluation = released(org, org.water_worker)  # rated 4 throughout: Exceeds
    Evaluation.objects.filter(department__path__startswith=org.public_works.path).update(status=Status.FINALISED)
    certify_department(cycle=cycle, department=org.public_works, by=org.head_user)
    plan = PayPlan.objects.create(cycle=cycle, atb_percent=Decimal("2"), budget_pool=Decimal("20000"))
    MeritRule.objects.create(plan=plan, band="Exceeds", steps=2)
    compute_pay_plan(plan=plan, by=org.hr_user)
    workflow.reopen_evaluation(evaluation=evaluation, by=org.hr_user, reason="A rating was mistyped")
    compute_pay_plan(plan=plan, by=org.hr_user)
    page = get(client, org.hr_user, reverse("evaluations:evaluation_detail", args=[evaluation.pk])).content.decode()
    history = page[page.index('id="history-heading"') :]
    assert "Certification of Public Works signed (Department head" in history
    assert "Certification of Public Works (Department head" in history and "A rating was mistyped" in history
    assert "Award: across-the-board 1,000.00, merit 2,500.00, lump sum 0.00, new salary 53,500.00" in history
    assert "Award removed" in history  # reopened, so it no longer counts for pay
    assert history.index("Award removed") < history.index("Award: across-the-board")  # newest first


def test_released_evaluations_appear_on_the_employee_page(client, org, cycle):
    released(org, org.water_worker)
    page = get(client, org.employee_user, reverse("org:employee_detail", args=[org.water_worker.pk])).content.decode()
    assert "Released evaluations" in page and "to acknowledge" in page


@pytest.mark.parametrize(
    "name, args",
    [
        ("cycle_list", []),
        ("cycle_detail", ["cycle"]),
        ("pay_plan", ["cycle"]),
        ("template_list", []),
        ("cycle_open", ["cycle"]),
        ("cycle_edit", ["cycle"]),
    ],
)
def test_hr_pages_are_refused_to_heads_and_employees(client, org, cycle, name, args):
    url = reverse(f"evaluations:{name}", args=[cycle.pk for _ in args])
    assert get(client, org.hr_user, url).status_code == 200
    assert get(client, org.head_user, url).status_code == 403
    assert get(client, org.employee_user, url).status_code == 403


def test_the_evaluations_table_is_scoped_and_refused_to_employees(client, org, cycle):
    page = get(client, org.head_user, reverse("evaluations:evaluation_list")).content.decode()
    assert "Walter Worker" in page and "Clara Worker" not in page
    assert get(client, org.employee_user, reverse("evaluations:evaluation_list")).status_code == 403


def _add_people(org, count: int):
    for index in range(count):
        make_employee(org.water if index % 2 else org.clinic, f"Extra{index}", supervisor=org.pw_head)


@pytest.mark.parametrize("name", ["evaluation_list", "cycle_detail"])
def test_a_fixed_number_of_queries_however_many_evaluations(client, org, name, django_assert_max_num_queries):
    client.force_login(org.hr_user)
    cycle = open_for(org)
    url = reverse(f"evaluations:{name}", args=[cycle.pk] if name == "cycle_detail" else [])
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    _add_people(org, 30)
    open_cycle(cycle=cycle, departments=[org.county], by=org.hr_user, default_template=make_template("Extra"))
    Evaluation.objects.filter(employee__first_name__startswith="Extra1").update(status=Status.RATED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_payroll_export_through_the_page_is_blocked_before_certification(client, org, cycle):
    Evaluation.objects.filter(cycle=cycle).update(status=Status.FINALISED, score=Decimal("3.00"), band="Meets")
    plan = PayPlan.objects.create(cycle=cycle, atb_percent=Decimal("2"), budget_pool=Decimal("20000"))
    MeritRule.objects.create(plan=plan, band="Meets", steps=1)
    client.force_login(org.hr_user)
    client.post(reverse("evaluations:pay_plan_compute", args=[cycle.pk]))
    client.post(reverse("evaluations:pay_plan_approve", args=[cycle.pk]))
    url = reverse("evaluations:payroll_export", args=[cycle.pk, org.public_works.pk])
    response = client.get(url, follow=True)
    assert response.headers["Content-Type"].startswith("text/html")
    assert "not certified for this cycle" in response.content.decode()
    certify_department(cycle=cycle, department=org.public_works, by=org.head_user)
    response = client.get(url, follow=True)  # Paula's own award waits for an elected official
    assert "Waiting for: Elected official (Paula Head)" in response.content.decode()
    record_official(org, cycle, org.public_works, by=org.admin_user)
    org.public_works.code = 'PW "Main"'
    org.public_works.save()
    response = client.get(url)
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="payroll-2026-pw-main.csv"'
    assert "Worker,Walter,PW-W,50000.00,1000.00,1250.00,0.00,52250.00" in response.content.decode()
    page = client.get(reverse("evaluations:pay_plan", args=[cycle.pk])).content.decode()
    assert "Spend against the pool" in page and "Left in the pool" in page
    assert '<td class="text-end">$52,250.00</td>' in page  # Walter's new salary in the awards table


def test_an_approved_plan_no_longer_offers_to_compute_its_awards_and_says_why_when_asked(client, org, cycle):
    Evaluation.objects.filter(cycle=cycle).update(status=Status.FINALISED, score=Decimal("3.00"), band="Meets")
    PayPlan.objects.create(cycle=cycle, atb_percent=Decimal("2"), budget_pool=Decimal("20000"))
    client.force_login(org.hr_user)
    url = reverse("evaluations:pay_plan", args=[cycle.pk])
    client.post(reverse("evaluations:pay_plan_compute", args=[cycle.pk]))
    assert "Compute the awards" in client.get(url).content.decode()
    client.post(reverse("evaluations:pay_plan_approve", args=[cycle.pk]))
    assert "Compute the awards" not in client.get(url).content.decode()
    page = client.post(reverse("evaluations:pay_plan_compute", args=[cycle.pk]), follow=True).content.decode()
    assert "This plan is approved for payroll, so its awards are no longer computed again." in page


def test_the_pdf_endpoint_says_clearly_when_chromium_is_missing(client, org, cycle, settings):
    settings.CHROMIUM_PATH = "/nowhere/chromium"
    evaluation = evaluation_of(org.water_worker)
    client.force_login(org.hr_user)
    response = client.post(reverse("evaluations:evaluation_pdf", args=[evaluation.pk]))
    assert response.status_code == 503
    page = response.content.decode()
    assert "Chromium, which is not installed" in page and "/nowhere/chromium" in page
    assert not Job.objects.exists()


@pytest.mark.browser
def test_the_pdf_is_printed_by_chromium_in_a_job_and_downloaded_from_its_page(client, org, cycle, settings, tmp_path):
    settings.JOBS_DIR = tmp_path
    evaluation = released(org, org.water_worker)
    client.force_login(org.hr_user)
    started = client.post(reverse("evaluations:evaluation_pdf", args=[evaluation.pk]))
    job = Job.objects.get()
    assert started["Location"] == job.get_absolute_url() and "Walter Worker" in job.title
    run_queued_jobs()
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="evaluation-{evaluation.pk}.pdf"'
    document = b"".join(response.streaming_content)
    text = subprocess.run(["pdftotext", "-", "-"], input=document, capture_output=True, check=True).stdout
    assert b"Walter Worker" in text and b"Courtesy and respect" in text and b"4.00" in text
    assert is_tagged(document)  # a screen reader gets headings and the criteria table, not loose text
    titles = [title for _depth, title in outline(document)]
    assert titles[:2] == ["Performance evaluation", "Criteria and ratings"] and "Signatures" in titles


def test_the_pdf_job_prints_only_what_its_owner_may_open(client, org, cycle, settings, tmp_path):
    settings.JOBS_DIR = tmp_path
    client.force_login(org.head_user)
    client.post(reverse("evaluations:evaluation_pdf", args=[evaluation_of(org.water_worker).pk]))
    org.head_user.groups.clear()  # the head loses their roles before the worker gets to the job
    [job] = run_queued_jobs()
    assert job.status == "failed" and "no longer see" in job.error
    assert (
        client.post(reverse("evaluations:evaluation_pdf", args=[evaluation_of(org.clinic_worker).pk])).status_code
        == 404
    )
    assert Job.objects.count() == 1  # nothing queued for an evaluation they cannot open


def test_the_printable_evaluation_shows_the_ratings_and_its_own_print_style(client, org, cycle):
    evaluation = released(org, org.water_worker)
    page = get(client, org.hr_user, reverse("evaluations:evaluation_print", args=[evaluation.pk])).content.decode()
    assert "Walter Worker" in page and "Courtesy and respect" in page and "4.00" in page
    assert static("evaluations/print.css") in page  # the collected, hashed name production serves


def test_certification_page_lets_the_head_sign_once_everything_is_finalised(client, org, cycle):
    client.force_login(org.head_user)
    url = reverse("evaluations:certifications", args=[cycle.pk])
    assert "2 of 2 evaluations are not finalised yet" in client.get(url).content.decode()
    Evaluation.objects.filter(department__path__startswith=org.public_works.path).update(status=Status.FINALISED)
    assert "I certify that every merit" in client.get(url).content.decode()
    client.post(
        reverse("evaluations:certify", args=[cycle.pk, org.public_works.pk]),
        {"signer_role": "department_head", "confirm": "on"},
    )
    assert "certified" in client.get(url).content.decode()
    other = client.post(
        reverse("evaluations:certify", args=[cycle.pk, org.health.pk]),
        {"signer_role": "department_head", "confirm": "on"},
    )
    assert other.status_code == 404


def test_calibration_compares_a_department_with_the_agency(client, org, cycle):
    Evaluation.objects.filter(cycle=cycle).update(score=Decimal("3.00"), band="Meets")
    Evaluation.objects.filter(employee=org.water_worker).update(score=Decimal("4.60"), band="Outstanding")
    page = get(client, org.head_user, reverse("evaluations:calibration", args=[cycle.pk])).content.decode()
    assert "Public Works" in page and "1 (50 %)" in page and "1 (17 %)" in page


@pytest.mark.parametrize("asked", ["abc", "99999", ""])
def test_calibration_falls_back_to_the_first_department_when_the_one_asked_for_is_unknown(client, org, cycle, asked):
    response = get(client, org.head_user, reverse("evaluations:calibration", args=[cycle.pk]) + f"?department={asked}")
    assert response.status_code == 200 and "Public Works" in response.content.decode()


def test_hr_creates_and_saves_a_pay_plan_through_the_page(client, org, cycle):
    client.force_login(org.hr_user)
    client.post(reverse("evaluations:pay_plan_create", args=[cycle.pk]))
    plan = PayPlan.objects.get(cycle=cycle)
    rules = list(plan.rules.order_by("pk"))
    assert [rule.band for rule in rules] == ["Unsatisfactory", "Needs improvement", "Meets", "Exceeds", "Outstanding"]
    data: dict[str, object] = {
        "atb_percent": "1.5",
        "merit_kind": "steps",
        "step_percent": "2.5",
        "zone_low": "0.9",
        "zone_high": "1.1",
        "budget_pool": "50000",
        "lump_sum_kind": "band",
        "lump_sum_basis": "flat",
        "rules-TOTAL_FORMS": "5",
        "rules-INITIAL_FORMS": "5",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "1000",
    }
    for index, rule in enumerate(rules):
        data.update(
            {
                f"rules-{index}-id": rule.pk,
                f"rules-{index}-band": rule.band,
                f"rules-{index}-steps": index,
                f"rules-{index}-below_zone_percent": "0",
                f"rules-{index}-in_zone_percent": "0",
                f"rules-{index}-above_zone_percent": "0",
                f"rules-{index}-lump_sum": str(index * 500),  # Exceeds: a flat 1,500
                f"rules-{index}-lump_sum_below_zone": "0",
                f"rules-{index}-lump_sum_in_zone": "0",
                f"rules-{index}-lump_sum_above_zone": "0",
            }
        )
    response = client.post(reverse("evaluations:pay_plan", args=[cycle.pk]), data, follow=True)
    assert "The plan is saved." in response.content.decode()
    plan.refresh_from_db()
    assert plan.atb_percent == Decimal("1.50") and plan.rules.get(band="Exceeds").steps == 3
    assert (plan.lump_sum_kind, plan.rules.get(band="Exceeds").lump_sum) == ("band", Decimal("1500.00"))
    assert plan.history.latest().history_user == org.hr_user
    # the same 1,500 read as a percentage of salary is refused, and what was typed stays on the page
    response = client.post(reverse("evaluations:pay_plan", args=[cycle.pk]), data | {"lump_sum_basis": "percent"})
    page = response.content.decode()
    assert "at most 100 %" in page and "Meets, Exceeds, Outstanding" in page and 'value="1500"' in page
    plan.refresh_from_db()
    assert plan.lump_sum_basis == "flat"


def test_the_employee_writes_a_self_evaluation_through_the_page_without_seeing_draft_ratings(client, org, cycle):
    evaluation = evaluation_of(org.water_worker)
    workflow.save_ratings(evaluation=evaluation, by=org.head_user, ratings=ratings(evaluation, 2, 2, 2, 2))
    workflow.request_self_evaluation(evaluation=evaluation, by=org.head_user)
    client.force_login(org.employee_user)
    page = client.get(reverse("evaluations:evaluation_detail", args=[evaluation.pk])).content.decode()
    assert "Your self-evaluation" in page and "Evaluator&#x27;s rating" not in page and "Score (1-5)" not in page
    data = {f"self_{score.pk}": "4" for score in evaluation.scores.all()} | {"assessment": "A steady year."}
    response = client.post(reverse("evaluations:evaluation_form_step", args=[evaluation.pk, "self_evaluate"]), data)
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == Status.DRAFT and evaluation.self_assessment == "A steady year."
    assert client.get(reverse("evaluations:evaluation_detail", args=[evaluation.pk])).status_code == 404


@pytest.mark.parametrize(
    "model", ["cycle", "template", "criterion", "evaluation", "evaluationscore", "certification", "payplan", "award"]
)
def test_admin_lists_and_history_open(client, org, cycle, model):
    client.force_login(org.admin_user)
    assert client.get(reverse(f"admin:evaluations_{model}_changelist")).status_code == 200
    if model == "evaluation":
        url = reverse("admin:evaluations_evaluation_history", args=[evaluation_of(org.water_worker).pk])
        assert client.get(url).status_code == 200


def test_a_trainer_sees_no_evaluation_result_of_anyone_else_on_the_employee_page(client, org, cycle):
    """The employee page is open to trainers (they build rosters from everyone), its evaluations are not."""
    trina = org.county.employees.get(first_name="Trina")
    walters = released(org, org.water_worker)
    walters.cycle.bands.all()  # rated 4 throughout: Exceeds
    url = reverse("org:employee_detail", args=[org.water_worker.pk])
    page = get(client, org.trainer_user, url).content.decode()
    assert "Exceeds" not in page and "4.00" not in page and walters.get_absolute_url() not in page
    # The section is not there at all: "none yet" would be untrue of someone whose evaluations they cannot see.
    assert "Released evaluations" not in page and "Compliments from residents" not in page
    assert "Training" in page  # what trainers are there for
    assert "Exceeds" in get(client, org.hr_user, url).content.decode()  # HR sees it, as before
    own_url = reverse("org:employee_detail", args=[trina.pk])
    assert "No released evaluations yet." in get(client, org.trainer_user, own_url).content.decode()
    released(org, trina)
    assert "Exceeds (4.00)" in get(client, org.trainer_user, own_url).content.decode()  # their own, once released


def test_a_trainer_sees_no_compliment_to_someone_else_on_the_employee_page(client, org, cycle):
    from surveys.models import Compliment, ComplimentStatus, SurveyStatus
    from surveys.services.builder import create_a11_survey
    from surveys.services.links import create_links
    from surveys.services.responses import submit_response
    from tests.surveys.test_services import answers_for

    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    link = create_links(survey=survey, service_point=org.counter, by=org.admin_user)[0]
    submit_response(link=link, answers=answers_for(survey), language="en", compliment_employee=org.water_worker)
    Compliment.objects.update(status=ComplimentStatus.CONFIRMED)
    url = reverse("org:employee_detail", args=[org.water_worker.pk])
    assert "Water counter" in get(client, org.head_user, url).content.decode()
    assert "Water counter" not in get(client, org.trainer_user, url).content.decode()
