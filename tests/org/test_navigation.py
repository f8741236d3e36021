"""Each role's menu reaches every page that role may open.

The URLs are walked from the URL conf, so a new list page that a role can open but its menu forgets fails here.
Pages that are reached from another page by design are listed below with the page that leads to them.
"""

import re

import pytest
from django.urls import URLResolver, get_resolver, reverse

from org.roles import Role
from tests.factories import make_user

# Reached from a page in the menu, not from the menu itself.
REACHED_FROM_ANOTHER_PAGE = {
    "surveys:survey_create": "the survey list",
    "surveys:triage": "the responses inbox (it takes a posted choice)",
    "training:module_create": "the module list",
    "training:session_create": "the session list",
    "evaluations:cycle_create": "the cycle list",
    "evaluations:template_create": "the template list",
    "reports:a11_export": "the annual report (a download, not a page)",
    "reports:initiative_add": "the enhancement plans",
    "retention:hold_place": "the retention records",
    "yousaid:action_create": "the “you said, we did” list",
}
STAFF_NAMESPACES = (
    "accounts",
    "org",
    "surveys",
    "training",
    "evaluations",
    "reports",
    "retention",
    "jobs",
    "yousaid",
)
MAIN_NAV = re.compile(r"<header.*?</header>", re.S)  # the main menu and the bar above it (My downloads)


def _pages_without_arguments() -> list[str]:
    names = []
    for resolver in get_resolver().url_patterns:
        if isinstance(resolver, URLResolver) and resolver.namespace in STAFF_NAMESPACES:
            for pattern in resolver.url_patterns:
                if pattern.name and "<" not in str(pattern.pattern):
                    names.append(f"{resolver.namespace}:{pattern.name}")
    return [name for name in names if name not in REACHED_FROM_ANOTHER_PAGE]


def _menu_links(client) -> set[str]:
    page = client.get(reverse("home")).content.decode()
    return set(re.findall(r'href="([^"]+)"', MAIN_NAV.search(page).group(0)))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who",
    ["admin_user", "hr_user", "head_user", "trainer_user", "employee_user", "representative", "coordinator"],
)
def test_every_page_a_role_may_open_is_in_its_menu(client, org, who):
    if who == "representative":
        person = make_user("rep", Role.CUSTOMER_RELATIONS, Role.EMPLOYEE, employee=org.clinic_worker)
    elif who == "coordinator":
        person = make_user("coordinator", Role.TRAINING_COORDINATOR, Role.EMPLOYEE, employee=org.pw_head)
    else:
        person = getattr(org, who)
    client.force_login(person)
    menu = _menu_links(client)
    may_open = [name for name in _pages_without_arguments() if client.get(reverse(name)).status_code == 200]
    assert may_open, "the walk found no page at all"
    assert [name for name in may_open if reverse(name) not in menu] == []


@pytest.mark.django_db
def test_hr_menu_leads_to_the_to_do_list_all_evaluations_cycles_and_templates(client, org):
    client.force_login(org.hr_user)
    menu = _menu_links(client)
    for name in (
        "evaluations:my_evaluations",
        "evaluations:evaluation_list",
        "evaluations:cycle_list",
        "evaluations:template_list",
    ):
        assert reverse(name) in menu, name


@pytest.mark.django_db
def test_an_employee_menu_holds_no_hr_pages(client, org):
    client.force_login(org.employee_user)
    menu = _menu_links(client)
    assert reverse("evaluations:evaluation_list") not in menu
    assert reverse("evaluations:cycle_list") not in menu


@pytest.mark.django_db
def test_the_menu_marks_the_page_being_read_and_its_menu(client, org):
    client.force_login(org.hr_user)
    menu = MAIN_NAV.search(client.get(reverse("evaluations:template_list")).content.decode()).group(0)
    templates = reverse("evaluations:template_list")
    assert f'<a class="dropdown-item active" aria-current="page" href="{templates}">' in menu
    assert menu.count('aria-current="page"') == 1
    assert 'class="nav-link dropdown-toggle active"' in menu and menu.count("dropdown-toggle active") == 1
    menu = MAIN_NAV.search(client.get(reverse("home")).content.decode()).group(0)
    assert 'aria-current="page"' not in menu and "dropdown-toggle active" not in menu
