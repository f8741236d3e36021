"""Sign-in and each role's home page, in a real browser, checked by axe-core."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_page_is_accessible_and_signs_in(page, live_server, org, sign_in, axe_violations, screenshot):
    page.goto(f"{live_server.url}/accounts/login/")
    assert axe_violations(page) == []
    screenshot(page, "sign-in")
    sign_in(page, live_server, "head")
    assert page.url == f"{live_server.url}/"
    assert page.get_by_role("heading", name="Your departments", exact=True).is_visible()


@pytest.mark.parametrize("username", ["admin", "hr", "head", "trainer", "employee"])
def test_each_roles_home_page_is_accessible(page, live_server, org, sign_in, axe_violations, screenshot, username):
    sign_in(page, live_server, username)
    assert page.get_by_role("heading", name="Welcome").is_visible()
    if username != "admin":  # the admin has no employee record and no head, HR, trainer or employee work
        assert page.get_by_role("heading", name="Needs your attention").is_visible()
        counts = page.locator(f"section[data-role={username}] a.home-count")  # the demo users are named for their role
        assert counts.count() > 0
    assert axe_violations(page) == []
    screenshot(page, f"home-{username}")
    if username != "admin":  # a count opens its list
        count = counts.first
        href = count.get_attribute("href")
        count.click()
        page.wait_for_load_state()
        assert page.url == f"{live_server.url}{href}"
        assert page.locator("h1").first.is_visible()
        assert axe_violations(page) == []


def test_keyboard_user_can_skip_to_the_main_content(page, live_server, org):
    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switch_works_without_javascript(browser, live_server, org):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/no-such-page/")
    page.get_by_role("button", name="Español").click()
    assert page.get_by_role("heading", name="No encontramos esa página").is_visible()
    context.close()
