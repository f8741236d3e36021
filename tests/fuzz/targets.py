"""Every URL of the site and how the fuzz reaches it: as whom, with which objects, and whether it takes posts.

test_every_url_is_fuzzed fails when a URL is added to a urls.py without a line here, so a new form cannot
escape the fuzz unnoticed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.db.models import Model, QuerySet
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.api_tokens import issue_token
from accounts.importing import store_upload
from accounts.models import ApiToken, StaffUpload
from evaluations.models import Certification, Cycle, CycleStatus, Evaluation, PayPlan, Template
from evaluations.services.workflow import allowed_steps
from jobs.models import Job, JobStatus
from jobs.services import run_job, start_job
from org.models import Department, Employee, ServicePoint
from reports.models import Initiative
from retention.models import LegalHold
from retention.services import place_hold
from serviceculture.dates import local_today
from surveys.jobs import EXPORT_KIND
from surveys.models import (
    ComplimentStatus,
    LinkKind,
    Response,
    Survey,
    SurveyLink,
    SurveyStatus,
    Theme,
)
from surveys.services.builder import copy_survey
from surveys.services.contact import take_back_token
from surveys.triage import add_tag
from training.models import Certificate, Commitment, Module, ModuleVersion, Session
from training.services.sessions import set_check_in
from training.services.workshops import set_workshop_open
from yousaid.models import EDITABLE, FeedbackAction
from yousaid.services import ActionText, save_action

Kwargs = Callable[[], dict]
ROOT = __file__.rsplit("/tests/", 1)[0]


@dataclass(frozen=True)
class Target:
    """Who opens the URL (a demo username; None is a resident), its path arguments, and whether forms post to it.

    `page` names the page whose forms post here when that is another page (a button on a detail page);
    `opens` is the status a plain GET answers for that person (a redirect where a page needs a step first).
    """

    user: str | None
    kwargs: Kwargs = dict
    posts: bool = False
    page: tuple[str, Kwargs] | None = None
    opens: int = 200


# Buttons that the demo's state does not show (they post no fields but the CSRF token): fuzzed with generated
# bodies all the same.
FORMLESS = {
    "evaluations:certify": "the demo's department has blockers, so the signing form is hidden",
    "evaluations:pay_plan_approve": "the demo's pay plan is already approved",
    "evaluations:pay_plan_compute": "an approved plan is not computed again",
    "training:module_publish": "every demo module is published",
}


# --- the objects of the demo county each URL points at -------------------------------------------------


M = TypeVar("M", bound=Model)


def first(rows: QuerySet[M]) -> M:
    """The first of the rows the demo county seeded; without one, say which instead of failing later on None."""
    row = rows.first()
    if row is None:
        raise LookupError(f"the demo county has no {rows.model._meta.verbose_name} for the fuzz to visit")
    return row


def user(name: str) -> User:
    return User.objects.get(username=name)


def live_survey() -> Survey:
    return first(Survey.objects.filter(status=SurveyStatus.LIVE).order_by("pk"))


def draft_survey() -> Survey:
    """A draft copy of the live survey, so the builder's forms are not refused as locked."""
    draft = Survey.objects.filter(status=SurveyStatus.DRAFT).order_by("pk").first()
    return draft or copy_survey(survey=live_survey(), by=user("admin"))


def open_link() -> SurveyLink:
    return first(SurveyLink.objects.filter(survey=live_survey(), kind=LinkKind.OPEN, active=True).order_by("pk"))


def offering_point() -> ServicePoint:
    """The service point of the live survey's first open link."""
    return open_link().service_point


def complimented_response() -> Response:
    return first(Response.objects.filter(compliment__status=ComplimentStatus.PENDING).order_by("pk"))


def contact_response() -> Response:
    """A resident who asked to be contacted: its page shows the form to record what was done."""
    return first(Response.objects.filter(wants_contact=True, deleted_at__isnull=True).order_by("pk"))


def take_back_response() -> Response:
    """Another resident who asked to be contacted (the last), so the fuzz taking its details back leaves the
    first one's follow-up form as it was."""
    return first(Response.objects.filter(wants_contact=True, deleted_at__isnull=True).order_by("-pk"))


def tagged_response() -> Response:
    tagged = Response.objects.filter(tags__isnull=False).order_by("pk").first()
    if tagged is None:
        add_tag(responses=Response.objects.filter(pk=complimented_response().pk), name="follow up", by=user("admin"))
        tagged = complimented_response()
    return tagged


def a_theme() -> Theme:
    return first(Theme.objects.order_by("pk"))


def past_session() -> Session:
    """A session Elena (the demo employee) attended, with reflections and commitments."""
    return first(
        Session.objects.filter(
            attendances__employee__user__username="employee",
            reflections__isnull=False,
            starts_at__lt=timezone.now() - timedelta(days=1),
        ).order_by("-starts_at")
    )


def upcoming_session() -> Session:
    """The next session, with its self check-in open (so its check-in page shows the button)."""
    session = first(Session.objects.filter(starts_at__gt=timezone.now()).order_by("starts_at"))
    if not session.check_in_open:
        set_check_in(session=session, open=True, by=user("trainer"))
    return session


def workshop_session() -> Session:
    """The demo's workshop, open for answers (the fuzz may have closed it through its toggle)."""
    session = first(Session.objects.exclude(workshop_code=None).order_by("pk"))
    if not session.workshop_open:
        session = set_workshop_open(session=session, open=True, by=user("trainer"))
    return session


def planning_cycle() -> Cycle:
    cycle = Cycle.objects.filter(status=CycleStatus.PLANNING).first()
    if cycle is None:
        model = first(Cycle.objects.filter(status=CycleStatus.OPEN))
        cycle = Cycle.objects.create(
            name="Fuzz planning",
            fiscal_year=model.fiscal_year + 1,
            period_start=model.period_start,
            period_end=model.period_end,
            self_evaluation_due=model.self_evaluation_due,
            ratings_due=model.ratings_due,
            review_due=model.review_due,
            final_due=model.final_due,
            min_customer_service_weight=model.min_customer_service_weight,
        )
    return cycle


def open_cycle() -> Cycle:
    return first(Cycle.objects.filter(status=CycleStatus.OPEN))


def paid_cycle() -> Cycle:
    return first(PayPlan.objects.order_by("pk")).cycle


def step_owner(step: str) -> tuple[str, int]:
    """A (username, evaluation pk) pair for which the step is open now, from the demo's open cycle."""
    for name in ("hr", "head", "employee"):
        person = user(name)
        for evaluation in (
            Evaluation.objects.filter(cycle=open_cycle()).select_related("cycle", "employee").order_by("pk")
        ):
            if step in allowed_steps(evaluation, person):
                return name, evaluation.pk
    raise LookupError(f"no evaluation of the demo has the step {step!r} open")


def first_version() -> ModuleVersion:
    return first(ModuleVersion.objects.published().order_by("pk"))


def top_department() -> Department:
    return first(Department.objects.filter(depth=1).order_by("path"))


def finished_export() -> Job:
    """A survey export the program admin asked for and a worker finished: its page, status and download answer."""
    job = Job.objects.filter(owner__username="admin", status=JobStatus.DONE).order_by("pk").first()
    if job is None:
        job = start_job(
            kind=EXPORT_KIND,
            by=user("admin"),
            parameters={"format": "csv", "filters": {}},
            title="Responses (fuzz)",
            language="en",
        )
        run_job(job_id=job.pk, claim="fuzz")
    return job


def staff_upload() -> StaffUpload:
    """HR's upload of the example employee file, waiting for its confirmation."""
    upload = StaffUpload.objects.filter(uploaded_by__username="hr", applied_at__isnull=True).order_by("pk").first()
    if upload is None:
        upload = store_upload(
            kind="employees",
            filename="employees.csv",
            content=(Path(ROOT) / "docs" / "examples" / "employees.csv").read_bytes(),
            deactivate_absent=False,
            by=user("hr"),
        )
    return upload


def invitation_kwargs() -> dict:
    """A valid invitation link of a demo employee (the link works until a password is set through it)."""
    person = first(User.objects.filter(employee__isnull=False, groups__name="Employee").order_by("-pk"))
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
        "token": default_token_generator.make_token(person),
    }


def active_hold() -> LegalHold:
    """A legal hold still in force (the demo places one; lifting it in an earlier step places another)."""
    hold = LegalHold.objects.active().order_by("pk").first()
    return hold or place_hold(target=live_survey(), reason="Records request under review", by=user("admin"))


def live_api_token() -> ApiToken:
    """A token of the demo's permit system, issued here when every demo token was revoked (by an earlier post)."""
    token = ApiToken.objects.live().order_by("pk").first()
    if token is None:
        token, _secret = issue_token(
            name="Fuzz system", service_points=ServicePoint.objects.filter(active=True)[:1], by=user("admin")
        )
    return token


def waiting_action() -> FeedbackAction:
    """The demo's action waiting for the program admin's review (a head drafts another if the fuzz reviewed it)."""
    action = FeedbackAction.objects.waiting_for_review().order_by("pk").first()
    return action or save_action(action=editable_action(), text=_fuzz_text(), by=user("head"), submit=True)


def editable_action() -> FeedbackAction:
    """A draft of Public Works for the head to change and send (the demo sends all of its own)."""
    action = FeedbackAction.objects.filter(status__in=EDITABLE, department__code="PW").order_by("pk").first()
    return action or save_action(action=None, text=_fuzz_text(), by=user("head"))


def _fuzz_text() -> ActionText:
    return ActionText(
        department=Department.objects.get(code="PW"),
        service_point=None,
        changed_on=local_today(),
        you_said_en="Opening hours were hard to find.",
        we_did_en="Opening hours are on every page of the site.",
    )


def pk(getter) -> Kwargs:
    return lambda: {"pk": getter().pk}


FORM_STEPS = ("rate", "self_evaluate", "review")
BUTTON_STEPS = ("request_self", "clear_hr", "return", "finalise", "release", "acknowledge", "reopen")


def evaluation_page_of(step: str):
    return ("evaluations:evaluation_detail", lambda: {"pk": step_owner(step)[1]})


# --- the table ---------------------------------------------------------------------------------------

TARGETS: dict[str, Target] = {
    "home": Target("employee"),
    "healthz": Target(None),
    "feedback_button_script": Target(None),
    "favicon": Target(None, opens=301),
    "set_language": Target(None, posts=True, page=("reports_public:standards", dict), opens=302),
    # accounts: django-allauth's sign-in, password and second-factor pages. A page that needs a step first (a
    # recent sign-in, a sign-in half done) sends the fuzz's person there and shows no form to fuzz; the public
    # ones are posted to all the same. (tests/accounts/ goes through those steps.)
    "account_login": Target(None, posts=True),
    "account_logout": Target(None, posts=True, page=("account_login", dict), opens=302),
    "account_signup": Target(None),  # says sign-up is closed
    "account_inactive": Target(None),
    "account_change_password": Target("employee", posts=True),
    "account_set_password": Target("employee", opens=302),  # they have a password: sent to change it
    "account_email": Target("employee", opens=404),  # closed: work addresses come from HR
    "account_email_verification_sent": Target(None),
    "account_confirm_email": Target(None, lambda: {"key": "not-a-key"}),
    "account_reauthenticate": Target("employee", posts=True),
    "account_request_reauthentication_code": Target("employee", opens=302),
    "account_confirm_reauthentication_code": Target("employee", opens=302),
    "account_confirm_login_code": Target(None, posts=True, opens=302),
    "account_reset_password": Target(None, posts=True),
    "account_reset_password_done": Target(None),
    "account_reset_password_from_key": Target(None, lambda: {"uidb36": "2", "key": "not-a-key"}),
    "account_reset_password_from_key_done": Target(None),
    "mfa_index": Target("employee"),
    "mfa_authenticate": Target(None, posts=True, opens=302),
    "mfa_reauthenticate": Target("employee", opens=302),
    "mfa_activate_totp": Target("employee", opens=302),
    "mfa_deactivate_totp": Target("employee", opens=404),  # they have no authenticator app
    "mfa_view_recovery_codes": Target("employee", opens=404),  # nor recovery codes
    "mfa_generate_recovery_codes": Target("employee", opens=302),
    "mfa_download_recovery_codes": Target("employee", opens=404),
    "mfa_list_webauthn": Target("employee"),
    "mfa_add_webauthn": Target("employee", opens=302),
    "mfa_reauthenticate_webauthn": Target("employee", opens=302),
    "mfa_remove_webauthn": Target("employee", lambda: {"pk": 1}, opens=302),
    "mfa_edit_webauthn": Target("employee", lambda: {"pk": 1}, opens=302),
    "mfa_login_webauthn": Target(None, posts=True, page=("account_login", dict), opens=302),
    "socialaccount_connections": Target("employee"),
    "socialaccount_login_cancelled": Target(None),
    "socialaccount_login_error": Target(None, opens=401),
    "socialaccount_signup": Target(None, posts=True, opens=302),
    "openid_connect_login": Target(None, lambda: {"provider_id": "sso"}, opens=404),
    "openid_connect_callback": Target(None, lambda: {"provider_id": "sso"}, opens=404),
    "admin:login": Target(None, posts=True, opens=302),  # sends people to account_login
    # accounts
    "accounts:audit": Target("admin"),
    "accounts:api_tokens": Target("admin", posts=True),
    "accounts:api_token_revoke": Target(
        "admin", pk(live_api_token), posts=True, page=("accounts:api_tokens", dict), opens=405
    ),
    # accounts: importing staff (HR), an imported person's invitation
    "accounts:import_upload": Target("hr", posts=True),
    "accounts:import_preview": Target("hr", lambda: {"token": staff_upload().token}),
    "accounts:import_apply": Target(
        "hr",
        lambda: {"token": staff_upload().token},
        posts=True,
        page=("accounts:import_preview", lambda: {"token": staff_upload().token}),
    ),
    # The form is at the link's second address (its token moved into the session); the plan opens the link first.
    "accounts:invitation": Target(
        None,
        lambda: {**invitation_kwargs(), "token": "set-password"},
        posts=True,
        page=("accounts:invitation", invitation_kwargs),
    ),
    # accounts: program admins give roles
    "accounts:people": Target("admin"),
    "accounts:person_roles": Target("admin", pk(lambda: user("employee")), posts=True),
    # org
    "org:department_list": Target("hr"),
    "org:department_detail": Target("hr", pk(top_department)),
    "org:employee_list": Target("hr"),
    "org:employee_detail": Target("hr", pk(lambda: Employee.objects.get(user__username="employee"))),
    # surveys: the builder (program admin), the inbox and triage
    "surveys:survey_list": Target("admin"),
    "surveys:survey_create": Target("admin", posts=True),
    "surveys:survey_detail": Target("admin", pk(live_survey)),
    "surveys:survey_edit": Target("admin", pk(draft_survey), posts=True),
    "surveys:survey_copy": Target(
        "admin", pk(live_survey), posts=True, page=("surveys:survey_detail", pk(live_survey))
    ),
    "surveys:survey_preview": Target("admin", pk(live_survey)),
    "surveys:question_create": Target("admin", pk(draft_survey), posts=True),
    "surveys:question_edit": Target("admin", pk(lambda: draft_survey().questions.order_by("order").last()), posts=True),
    "surveys:question_move": Target(
        "admin",
        pk(lambda: draft_survey().questions.order_by("order").last()),
        posts=True,
        page=("surveys:survey_detail", pk(draft_survey)),
    ),
    "surveys:question_remove": Target(
        "admin",
        pk(lambda: draft_survey().questions.order_by("order").last()),
        posts=True,
        page=("surveys:survey_detail", pk(draft_survey)),
    ),
    "surveys:link_create": Target(
        "admin", pk(live_survey), posts=True, page=("surveys:survey_detail", pk(live_survey))
    ),
    "surveys:link_batch_csv": Target("admin", pk(live_survey)),
    "surveys:link_poster": Target("admin", pk(open_link)),
    "surveys:link_qr": Target("admin", lambda: {"pk": open_link().pk, "format": "svg"}),
    "surveys:service_point": Target("admin", pk(offering_point)),
    "surveys:feedback_button_link": Target(
        "admin", pk(offering_point), posts=True, page=("surveys:service_point", pk(offering_point)), opens=405
    ),
    "surveys:invitation_upload": Target("admin", posts=True),
    "surveys:inbox": Target("admin"),
    "surveys:response_detail": Target("admin", pk(complimented_response)),
    "surveys:response_untag": Target(
        "admin", pk(tagged_response), posts=True, page=("surveys:response_detail", pk(tagged_response))
    ),
    "surveys:compliment_decide": Target(
        "admin", pk(complimented_response), posts=True, page=("surveys:response_detail", pk(complimented_response))
    ),
    "surveys:triage": Target("admin", posts=True, page=("surveys:inbox", dict)),
    "surveys:export": Target("admin", lambda: {"format": "csv"}),
    "surveys:follow_ups": Target("admin"),
    # a head's own alert settings (no id: nobody else's can be named); the theme list (program admins)
    "surveys:alert_settings": Target("head", posts=True),
    "surveys:themes": Target("admin", posts=True),
    "surveys:theme_edit": Target("admin", pk(a_theme), posts=True),
    "surveys:theme_delete": Target("admin", pk(a_theme), posts=True, page=("surveys:themes", dict)),
    "surveys:follow_up_record": Target(
        "admin", pk(contact_response), posts=True, page=("surveys:response_detail", pk(contact_response))
    ),
    "surveys_public:respond": Target(None, lambda: {"token": open_link().token}, posts=True),
    "surveys_public:thanks": Target(None, lambda: {"token": open_link().token}),
    "surveys_public:short": Target(None, lambda: {"code": open_link().code}, opens=302),
    "surveys_public:take_back": Target(None, lambda: {"token": take_back_token(take_back_response())}, posts=True),
    # training: trainers' pages, and the employee's own
    "training:my_training": Target("employee"),
    "training:learn_list": Target("employee"),
    "training:learn": Target("employee", pk(first_version)),
    "training:learn_page": Target(
        "employee", lambda: {"pk": first_version().pk, "page": len(first_version().talking_points) + 3}, posts=True
    ),  # the last page holds the wrap-up form
    "training:module_list": Target("trainer"),
    "training:module_create": Target("trainer", posts=True),
    "training:module_detail": Target("trainer", pk(lambda: Module.objects.order_by("pk").first())),
    "training:module_edit": Target("trainer", pk(lambda: Module.objects.order_by("pk").first()), posts=True),
    "training:module_publish": Target(
        "trainer",
        pk(lambda: Module.objects.order_by("pk").first()),
        posts=True,
        page=("training:module_detail", pk(lambda: Module.objects.order_by("pk").first())),
    ),
    "training:guide": Target("trainer", pk(lambda: ModuleVersion.objects.order_by("pk").first())),
    "training:program_list": Target("trainer"),
    "training:session_list": Target("trainer"),
    "training:session_create": Target("trainer", posts=True),
    "training:session_detail": Target("trainer", pk(upcoming_session), posts=True),
    "training:roster_remove": Target(
        "trainer", pk(upcoming_session), posts=True, page=("training:session_detail", pk(upcoming_session))
    ),
    "training:check_in_toggle": Target(
        "trainer", pk(upcoming_session), posts=True, page=("training:session_detail", pk(upcoming_session))
    ),
    "training:session_qr": Target("trainer", pk(upcoming_session)),
    "training:attendance": Target("trainer", pk(past_session), posts=True),
    "training:reflections": Target("trainer", pk(past_session), posts=True),
    "training:wall": Target("employee", pk(past_session)),
    "training:wall_feed": Target("employee", pk(past_session)),
    "training:workshop": Target("trainer", pk(workshop_session)),
    "training:workshop_feed": Target("trainer", pk(workshop_session)),
    "training:workshop_qr": Target("trainer", pk(workshop_session)),
    "training:workshop_toggle": Target(
        "trainer", pk(workshop_session), posts=True, page=("training:workshop", pk(workshop_session))
    ),
    "training:workshop_moderate": Target(
        "trainer", pk(workshop_session), posts=True, page=("training:workshop", pk(workshop_session))
    ),
    "training:module_review": Target("trainer", pk(lambda: workshop_session().module_version.module)),
    "training:learn_reflect": Target("employee", pk(first_version), posts=True),
    "training:reflect": Target("employee", pk(past_session), posts=True),
    "training:feedback": Target("employee", pk(past_session), posts=True),
    "training:check_in": Target("employee", lambda: {"code": upcoming_session().check_in_code}, posts=True),
    "training:commitment_follow_up": Target(
        "employee",
        pk(lambda: Commitment.objects.filter(employee__user__username="employee").order_by("pk").first()),
        posts=True,
    ),
    "training:overdue": Target("trainer"),
    "training:coverage": Target("trainer"),
    "training:certificate_detail": Target(
        "employee", pk(lambda: Certificate.objects.filter(employee__user__username="employee").first())
    ),
    "training_public:lookup": Target(None),
    "workshop:join": Target(None),
    "workshop:answer": Target(None, lambda: {"code": workshop_session().workshop_code}, posts=True),
    "training_public:verify": Target(
        None, lambda: {"code": Certificate.objects.order_by("pk").first().verification_code}
    ),
    # evaluations: HR's set-up, each workflow step as the person who may take it, heads' certification
    "evaluations:my_evaluations": Target("head"),
    "evaluations:evaluation_list": Target("hr"),
    "evaluations:evaluation_detail": Target("hr", lambda: {"pk": step_owner("review")[1]}),
    "evaluations:evaluation_form_step": Target("hr", posts=True),  # expanded per step in steps()
    "evaluations:evaluation_step": Target("hr", posts=True),  # expanded per step in steps()
    "evaluations:evaluation_print": Target("hr", lambda: {"pk": step_owner("review")[1]}),
    "evaluations:evaluation_pdf": Target(
        "hr",
        lambda: {"pk": step_owner("review")[1]},
        posts=True,
        page=("evaluations:evaluation_detail", lambda: {"pk": step_owner("review")[1]}),
    ),
    "evaluations:cycle_list": Target("hr"),
    "evaluations:cycle_create": Target("hr", posts=True),
    "evaluations:cycle_detail": Target("hr", pk(open_cycle)),
    "evaluations:cycle_edit": Target("hr", pk(open_cycle), posts=True),
    "evaluations:cycle_open": Target("hr", pk(planning_cycle), posts=True),
    "evaluations:cycle_close": Target(
        "hr", pk(planning_cycle), posts=True, page=("evaluations:cycle_detail", pk(planning_cycle))
    ),
    "evaluations:certifications": Target("head", pk(open_cycle)),
    "evaluations:certification_document": Target(
        "hr",
        lambda: {
            "pk": paid_cycle().pk,
            "certification_pk": first(Certification.objects.filter(cycle=paid_cycle()).exclude(document="")).pk,
        },
    ),
    "evaluations:certify": Target(
        "head",
        lambda: {"pk": open_cycle().pk, "department_pk": Department.objects.get(code="PW").pk},
        posts=True,
        page=("evaluations:certifications", pk(open_cycle)),
    ),
    "evaluations:calibration": Target("hr", pk(open_cycle)),
    "evaluations:pay_plan": Target("hr", pk(paid_cycle), posts=True),
    "evaluations:pay_plan_create": Target(
        "hr", pk(open_cycle), posts=True, page=("evaluations:pay_plan", pk(open_cycle))
    ),
    "evaluations:pay_plan_compute": Target(
        "hr", pk(paid_cycle), posts=True, page=("evaluations:pay_plan", pk(paid_cycle))
    ),
    "evaluations:pay_plan_approve": Target(
        "hr", pk(paid_cycle), posts=True, page=("evaluations:pay_plan", pk(paid_cycle))
    ),
    "evaluations:payroll_export": Target("hr", lambda: {"pk": paid_cycle().pk, "department_pk": top_department().pk}),
    "evaluations:template_list": Target("hr"),
    "evaluations:template_create": Target("hr", posts=True),
    "evaluations:template_edit": Target("hr", pk(lambda: Template.objects.order_by("pk").first()), posts=True),
    # reports
    "reports:dashboard": Target("admin"),
    "reports:annual": Target("admin"),
    "reports:a11_export": Target("admin"),
    "reports:initiatives": Target("head"),
    "reports:standards_at_risk": Target("head"),
    "reports:initiative_add": Target("head", posts=True),
    "reports:initiative_edit": Target(
        "head", pk(lambda: Initiative.objects.filter(department__code="PW").order_by("pk").first()), posts=True
    ),
    "reports_public:standards": Target(None),
    # you said, we did: heads write, program admins review
    "yousaid:action_list": Target("admin"),
    "yousaid:action_create": Target("head", posts=True),
    "yousaid:action_detail": Target("admin", pk(waiting_action)),
    "yousaid:action_edit": Target("head", pk(editable_action), posts=True),
    "yousaid:action_submit": Target(
        "head", pk(editable_action), posts=True, page=("yousaid:action_detail", pk(editable_action))
    ),
    "yousaid:action_review": Target(
        "admin", pk(waiting_action), posts=True, page=("yousaid:action_detail", pk(waiting_action))
    ),
    # retention
    "retention:records": Target("admin"),
    "retention:schedule": Target("admin", posts=True, page=("retention:records", dict)),
    "retention:hold_place": Target("admin", posts=True, page=("retention:records", dict)),
    "retention:hold_lift": Target("admin", pk(active_hold), posts=True, page=("retention:records", dict)),
    # api: JSON for other systems and anyone (tests/api/test_fuzz.py posts generated JSON to the invitations)
    "api_v1:api-root": Target(None, opens=404),  # no interactive page: it would load scripts from a CDN
    "api_v1:openapi-json": Target(None),
    "api_v1:create_invitation": Target(None, opens=405),  # POST only, with a token
    "api_v1:standards": Target(None),
    "api_v1:results": Target(None),
    "api_v1:list_responses": Target(None, opens=401),  # with a token allowed to read responses: tests/api
    # jobs: a person's own downloads
    "jobs:list": Target("admin"),
    "jobs:detail": Target("admin", pk(finished_export)),
    "jobs:status": Target("admin", pk(finished_export)),
    "jobs:download": Target("admin", pk(finished_export)),
}

PUBLIC = [name for name, target in TARGETS.items() if target.user is None]


def url_names() -> set[str]:
    """Every named URL of the site, as namespace:name, except Django admin's own pages."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return {
        name for name in walk(get_resolver().url_patterns) if not name.startswith("admin:") or name == "admin:login"
    }


@dataclass(frozen=True)
class Step:
    """One evaluation workflow step as a fuzz target of its own (the URL names one step at a time)."""

    url_name: str
    user: str
    kwargs: dict
    page: tuple[str, dict]


def steps() -> list[Step]:
    result = []
    for url_name, names in (
        ("evaluations:evaluation_form_step", FORM_STEPS),
        ("evaluations:evaluation_step", BUTTON_STEPS),
    ):
        for step in names:
            username, evaluation_pk = step_owner(step)
            result.append(
                Step(
                    url_name,
                    username,
                    {"pk": evaluation_pk, "step": step},
                    ("evaluations:evaluation_detail", {"pk": evaluation_pk}),
                )
            )
    return result
