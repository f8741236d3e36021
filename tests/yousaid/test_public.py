"""Published actions on /standards/ in both languages, and in the annual report of their year."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from reports.periods import fiscal_year_bounds, fiscal_year_of
from serviceculture.dates import local_today
from tests.yousaid.conftest import water_text
from yousaid.services import publish_action, save_action

pytestmark = pytest.mark.django_db

STANDARDS = reverse("reports_public:standards")


def _publish(org, *, by=None, **changes):
    action = save_action(action=None, text=water_text(org, **changes), by=by or org.head_user, submit=True)
    return publish_action(action=action, by=org.admin_user)


def _page(client, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get(STANDARDS, headers={"accept-language": language}).content.decode()


def test_the_public_page_shows_published_actions_in_english_and_spanish(client, org, published):
    english = _page(client, "en")
    assert "A sign at the door now shows the expected wait." in english
    assert "Water counter" in english and "You said, we did" in english
    spanish = _page(client, "es")
    assert "Un letrero en la puerta muestra ahora la espera prevista." in spanish
    assert "A sign at the door" not in spanish


def test_the_public_page_shows_nothing_not_yet_published(client, org, draft, submitted):
    page = _page(client, "en")
    assert "A sign at the door" not in page and "Water" not in page  # Water publishes nothing else


def test_without_spanish_a_spanish_reader_gets_the_english_marked_as_english(client, org):
    _publish(org, you_said_es="", we_did_es="")
    spanish = _page(client, "es")
    assert '<span lang="en">A sign at the door now shows the expected wait.</span>' in spanish
    assert 'lang="en">Nobody told us how long the counter queue was.</span>' in spanish
    assert '<span lang="en">' not in _page(client, "en")


def test_actions_are_listed_newest_first_with_their_date(client, org):
    today = local_today()
    _publish(org, we_did_en="Older change.", changed_on=today - timedelta(days=30))
    _publish(org, we_did_en="Newer change.", changed_on=today - timedelta(days=1))
    page = _page(client, "en")
    assert page.index("Newer change.") < page.index("Older change.")
    assert f'datetime="{(today - timedelta(days=1)).isoformat()}"' in page


def test_the_public_page_costs_the_same_queries_however_many_actions(client, org, django_assert_max_num_queries):
    _publish(org)
    with django_assert_max_num_queries(20) as few:
        client.get(STANDARDS)
    for day in range(15):
        when = local_today() - timedelta(days=day)
        _publish(org, by=org.other_head_user, changed_on=when, department=org.clinic, service_point=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(STANDARDS).content.decode()
    assert page.count("A sign at the door") == 1 + 15


def test_the_annual_report_lists_the_years_published_actions(client, org):
    today = local_today()
    start, _end = fiscal_year_bounds(fiscal_year_of(today))
    _publish(org, we_did_en="Done this year.", changed_on=today)
    if start > today - timedelta(days=400):  # a change of the year before
        _publish(org, we_did_en="Done last year.", changed_on=start - timedelta(days=1))
    save_action(action=None, text=water_text(org, we_did_en="Only a draft."), by=org.head_user)
    client.force_login(org.head_user)
    url = reverse("reports:annual")
    page = client.get(url, {"year": fiscal_year_of(today), "department": org.public_works.pk}).content.decode()
    assert "Done this year." in page
    assert "Done last year." not in page and "Only a draft." not in page


def test_the_annual_report_reads_the_actions_in_spanish(client, org, published):
    client.force_login(org.head_user)
    with translation.override("es"):
        client.cookies["django_language"] = "es"
        page = client.get(reverse("reports:annual"), {"year": fiscal_year_of(local_today())}).content.decode()
    assert "Un letrero en la puerta muestra ahora la espera prevista." in page


def test_another_subtrees_annual_report_holds_none_of_them(client, org, published):
    client.force_login(org.admin_user)
    page = client.get(reverse("reports:annual"), {"year": fiscal_year_of(local_today()), "department": org.health.pk})
    assert "A sign at the door" not in page.content.decode()
