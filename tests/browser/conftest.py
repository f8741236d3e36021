"""Headless Chromium (Debian's) driven by Playwright's Python package.

Fixtures:
- `browser`: one Chromium for the session;
- `page`: a fresh context and page per test (1280x900), `phone_page` a small phone (360x740);
- `sign_in(page, live_server, username)`: signs a user in through the real form;
- `axe_violations(page)`: runs axe-core (WCAG 2.0/2.1 A and AA) on the page and returns the violations.

Every test here must carry `pytestmark = pytest.mark.browser` so it is skipped loudly where there is
no Chromium (and fails in CI).
"""

import os
from pathlib import Path

import pytest

from tests.factories import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server, serving static files as production does: whitenoise, from the files
    scripts/run_tests.py collected with the manifest storage. Its own static handler serves the source
    files through the finders, which know none of the hashed names the pages ask for."""
    from django.test.testcases import LiveServerThread
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost", start=False)
    server.thread = LiveServerThread(
        "localhost",
        static_handler=lambda application: application,  # type: ignore[arg-type]  # no static wrapper at all
        connections_override=server.thread.connections_override,
    )
    server.thread.daemon = True
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _new_page(browser, **context_options):
    # axe-core is injected as an inline script, which our Content-Security-Policy rightly forbids.
    context = browser.new_context(bypass_csp=True, **context_options)
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def page(browser):
    context, page = _new_page(browser, viewport={"width": 1280, "height": 900})
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context, page = _new_page(browser, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    yield page
    context.close()


@pytest.fixture
def sign_in():
    def _sign_in(page, live_server, username: str, password: str = PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_login", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]:has-text('Sign in')")
        page.wait_for_load_state()

    return _sign_in


def image_width(image) -> int:
    """The natural width of an <img> (a Playwright locator) once it has loaded, 0 if it failed to (or took over
    15 s): read at once, it is 0 while the image is still on its way, which a busy machine makes long enough."""
    return image.evaluate(
        "image => image.complete ? image.naturalWidth : new Promise(done => {"
        " image.onload = image.onerror = () => done(image.naturalWidth);"
        " setTimeout(() => done(image.naturalWidth), 15000); })"
    )


@pytest.fixture
def axe_violations():
    def _run(page) -> list[dict]:
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        return [
            {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"]
        ]

    return _run


@pytest.fixture
def screenshot():
    """Saves a screenshot under test-artifacts/ (not committed) for a person to look at."""

    def _shoot(page, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shoot
