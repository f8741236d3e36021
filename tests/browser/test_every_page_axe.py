"""axe-core on every page of the app, in English and in Spanish, as the person who uses it.

The pages come from tests/fuzz/targets.py, which knows every URL, who opens it and with which objects of the
demo county: each target a plain GET answers with a page (200), except the buttons that post from another
page, plus each evaluation's page as the person
whose workflow step it offers (a different form each). Django admin is left out (its markup is Django's), and
so are the addresses that answer a file or JSON (NOT_PAGES). A page that stops answering HTML fails the walk
instead of being skipped quietly, so this list stays true.

One test, so the demo county is seeded once (a test per person would seed it again each time: pytest-django
empties the database after each test that uses the live server). One Chromium, one context per person,
signed in once; each person's pages are read in English, then with the language cookie set to Spanish, as the
language switch leaves it. Each problem names the person, the language and the page.
"""

from collections import defaultdict
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from demo.org import DEMO_PASSWORD
from tests.fuzz.targets import TARGETS, steps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOT_PAGES = {
    "healthz": "JSON for the proxy",
    "surveys:link_batch_csv": "a CSV of links",
    "surveys:link_qr": "an image",
    "surveys:export": "a CSV of responses",
    "training:session_qr": "an image",
    "training:workshop_qr": "an image",
    "training:workshop_feed": "an HTML fragment the live page polls (its page is walked)",
    "training:wall_feed": "an HTML fragment the wall polls (its page is walked)",
    "feedback_button_script": "the feedback button's script for other websites",
    "evaluations:certification_document": "the scanned statement",
    "evaluations:payroll_export": "a CSV for payroll",
    "jobs:status": "JSON for the progress bar",
    "jobs:download": "the job's file",
}
LANGUAGES = ("en", "es")


def pages_by_person() -> dict[str | None, list[str]]:
    """Person (a demo username; None is a resident) -> the paths of the pages they open, each once."""
    pages: dict[str | None, list[str]] = defaultdict(list)
    for name, target in TARGETS.items():
        if target.opens != 200 or name in NOT_PAGES or name.startswith(("api_v1:", "admin:")):
            continue
        if target.page or name in ("evaluations:evaluation_form_step", "evaluations:evaluation_step"):
            continue  # a button that posts from another page (that page is walked), or a workflow step (below)
        pages[target.user].append(reverse(name, kwargs=target.kwargs()))
    for step in steps():
        pages[step.user].append(reverse(step.page[0], kwargs=step.page[1]))
    return {person: list(dict.fromkeys(paths)) for person, paths in pages.items()}


def _walk(page, base: str, paths: list[str], language: str, axe_violations) -> list[str]:
    """Every problem on these pages in the language asked for: a page that is not HTML or not in that
    language, and axe's violations."""
    problems = []
    for path in paths:
        response = page.goto(base + path)
        kind = response.headers.get("content-type", "") if response else ""
        if response is None or response.status != 200 or not kind.startswith("text/html"):
            problems.append(f"{path}: answered {response and response.status} {kind} (a page? see NOT_PAGES)")
            continue
        if urlsplit(page.url).path != urlsplit(path).path:
            problems.append(f"{path}: sent on to {page.url}")
            continue
        if page.locator("html").get_attribute("lang") != language:
            problems.append(f"{path}: not in {language}")
        problems += [
            f"{language} {path}: {violation['id']} ({violation['help']}) at {violation['nodes'][:3]}"
            for violation in axe_violations(page)
        ]
    return problems


def test_axe_finds_no_violation_on_any_page_in_either_language(
    browser, live_server, axe_violations, tmp_path, settings
):
    settings.JOBS_DIR = tmp_path / "jobs"  # the export a target finishes, never in var/
    call_command("seed_demo", "--force", stdout=StringIO())
    host = live_server.url.split("//", 1)[1].split(":", 1)[0]
    problems = []
    for person, paths in pages_by_person().items():
        context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        page = context.new_page()
        if person is not None:
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("#id_login", person)
            page.fill("#id_password", DEMO_PASSWORD)
            page.click("button[type=submit]:has-text('Sign in')")
            page.wait_for_load_state()
        for language in LANGUAGES:
            cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "domain": host, "path": "/"}
            context.add_cookies([cookie])
            walked = _walk(page, live_server.url, paths, language, axe_violations)
            problems += [f"{person or 'resident'} {problem}" for problem in walked]
        context.close()
    assert problems == []
