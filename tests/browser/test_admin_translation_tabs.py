"""A program admin keeps a department's English and Spanish names in Django admin: one tab per language,
working under our Content-Security-Policy (nothing fetched from a CDN)."""

import pytest

from org.models import Department

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def csp_page(browser):
    """A page that keeps the Content-Security-Policy (the shared `page` fixture bypasses it for axe-core)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.problems = problems
    yield page
    context.close()


def test_an_admin_switches_a_department_to_its_spanish_name_in_a_tab(csp_page, live_server, org, sign_in, screenshot):
    Department.objects.filter(pk=org.water.pk).update(name_es="Agua")
    sign_in(csp_page, live_server, "admin")
    csp_page.goto(f"{live_server.url}/admin/org/department/{org.water.pk}/change/")
    english = csp_page.locator("#id_name_en")
    spanish = csp_page.locator("#id_name_es")
    tabs = csp_page.locator(".ui-tabs-nav").first
    assert tabs.is_visible() and tabs.get_by_role("tab").all_inner_texts() == ["EN", "ES"]
    assert english.is_visible() and spanish.is_hidden()  # one language at a time, English first

    tabs.get_by_role("tab", name="ES").click()
    assert spanish.is_visible() and spanish.input_value() == "Agua" and english.is_hidden()
    screenshot(csp_page, "admin-department-spanish-tab")
    assert [problem for problem in csp_page.problems if "favicon" not in problem] == []  # no CSP refusal, no error


def test_the_admin_loads_nothing_from_another_origin(csp_page, live_server, org, sign_in):
    sign_in(csp_page, live_server, "admin")
    origins: set[str] = set()
    csp_page.on("request", lambda request: origins.add(request.url.split("/")[2]))
    csp_page.goto(f"{live_server.url}/admin/org/department/{org.water.pk}/change/")
    csp_page.wait_for_load_state("networkidle")
    assert origins == {live_server.url.split("/")[2]}
