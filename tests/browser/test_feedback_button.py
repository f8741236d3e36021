"""The feedback button on another site that serves a strict Content-Security-Policy: it appears, passes axe,
works with the keyboard, opens the survey in a new tab, and the response keeps the page's path only."""

import http.server
import threading
from collections.abc import Iterator
from functools import partial

import pytest

from org.models import Channel, Department, ServicePoint
from org.roles import Role
from surveys.models import Response, SurveyStatus
from surveys.services.builder import create_a11_survey
from surveys.services.links import create_links
from surveys.services.widget import make_widget_link
from tests.browser.conftest import AXE
from tests.factories import make_user
from tests.servers import free_port

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOST_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Pay your water bill</title></head>
<body><main><h1>Pay your water bill</h1><p>Bills can be paid online, by phone or at the counter.</p>
<script src="{script}" data-survey="{survey}" defer></script>
</main></body></html>
"""


class HostPage(http.server.BaseHTTPRequestHandler):
    """Another agency's site, on another origin: one page, whatever the path, under a strict policy."""

    def __init__(self, *args, body: bytes, policy: str, **kwargs):
        self.body, self.policy = body, policy
        super().__init__(*args, **kwargs)

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Security-Policy", self.policy)
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def button_link(db):
    department = Department.objects.create(code="PW", name="Public Works")
    point = ServicePoint.objects.create(department=department, name="Water billing website", channel=Channel.WEB)
    admin = make_user("admin", Role.PROGRAM_ADMIN, superuser=True)
    survey = create_a11_survey(by=admin)
    survey.status = SurveyStatus.LIVE
    survey.save()
    create_links(survey=survey, service_point=point, by=admin)
    return make_widget_link(service_point=point, by=admin)


@pytest.fixture
def host_site(live_server, button_link, settings) -> Iterator[str]:
    origin = settings.SITE_URL = live_server.url
    body = HOST_PAGE.format(script=f"{origin}/widget/feedback.js", survey=button_link.public_url).encode()
    policy = f"default-src 'none'; script-src {origin}; style-src {origin}; img-src 'none'; frame-ancestors 'none'"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), partial(HostPage, body=body, policy=policy))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def strict_page(browser):
    """A page that keeps the sites' policies (the shared `page` fixture bypasses them to inject axe)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context, context.new_page()
    context.close()


def axe_violations_under_csp(page) -> list[dict]:
    """axe-core evaluated through the DevTools protocol, which a page's policy does not govern."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result["violations"]]


def test_the_button_on_a_strict_site_opens_the_survey_with_the_keyboard(host_site, strict_page, screenshot):
    context, page = strict_page
    refused: list[str] = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.goto(f"{host_site}/water/bill?account=99&name=Rosa#pay")
    button = page.get_by_role("link", name="Rate this page (opens in a new tab)")
    button.wait_for()
    assert refused == []
    assert page.context.cookies() == []  # the button set none, on either site
    assert axe_violations_under_csp(page) == []
    screenshot(page, "feedback-button-host-page")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "sc-feedback-button"
    with context.expect_page() as opened:
        page.keyboard.press("Enter")
    survey = opened.value
    survey.wait_for_load_state()
    assert "page=%2Fwater%2Fbill&lang=en" in survey.url and "account" not in survey.url
    assert survey.locator("h1").is_visible()
    assert axe_violations_under_csp(survey) == []

    for group in sorted(set(survey.locator("input[type=radio]").evaluate_all("els => els.map(e => e.name)"))):
        survey.locator(f"input[name='{group}'][value='4']").check()
    with survey.expect_navigation():
        survey.get_by_role("button", name="Send my answers").click()
    stored = Response.objects.get()
    assert (stored.page_path, stored.channel, stored.language) == ("/water/bill", Channel.WEB, "en")
