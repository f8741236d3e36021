"""Comment themes: program admins keep the list on a page; a comment is tagged when it is stored, and again at
night after the list changed; the dashboard counts the tags and links to them; the inbox shows which words
matched, escaped."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from surveys import tasks, themes
from surveys.matching import find_terms, matching_terms
from surveys.models import ResponseTheme, Theme, ThemeList
from surveys.services.responses import submit_response
from tests.surveys.conftest import answers_post
from tests.surveys.test_services import answers_for

pytestmark = pytest.mark.django_db

THEMES = reverse("surveys:themes")
DASHBOARD = reverse("reports:dashboard")
INBOX = reverse("surveys:inbox")


def add_theme(org, name_en="Wait time", name_es="Tiempo de espera", words_en="wait time\nqueue",
              words_es="tiempo de espera\nfila") -> Theme:  # fmt: skip
    return themes.save_theme(
        theme=None, by=org.admin_user, name_en=name_en, name_es=name_es, words_en=words_en, words_es=words_es
    )


def store(link, survey, comment: str):
    return submit_response(link=link, answers=answers_for(survey, text=comment), language="en")


# --- matching --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, found",
    [
        ("The WAIT TIME was long", ["wait time"]),
        ("the wait\n time", ["wait time"]),
        ("El tiémpo de ESPERA fue largo", ["tiempo de espera"]),
        ("waiting times", []),
        ("a queue-jumper", ["queue"]),  # a hyphen ends a word
        ("queues everywhere", []),
    ],
)
def test_words_match_whole_regardless_of_case_and_accents(text, found):
    assert matching_terms([text], ["wait time", "queue", "tiempo de espera"]) == found


def test_a_match_points_at_the_characters_of_the_original_text():
    text = "Ñandú: el TIÉMPO de espera"
    [match] = find_terms(text, ["tiempo de espera"])
    assert text[match.start : match.end] == "TIÉMPO de espera"


# --- the page --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, expected",
    [("admin_user", 200), ("hr_user", 403), ("head_user", 403), ("trainer_user", 403), ("employee_user", 403)],
)
def test_only_program_admins_keep_the_theme_list(client, org, who, expected):
    theme = add_theme(org)
    client.force_login(getattr(org, who))
    assert client.get(THEMES).status_code == expected
    assert client.get(reverse("surveys:theme_edit", args=[theme.pk])).status_code == expected
    removed = client.post(reverse("surveys:theme_delete", args=[theme.pk]))
    assert removed.status_code == (302 if expected == 200 else expected)
    assert Theme.objects.exists() == (expected != 200)


def test_an_admin_adds_a_theme_in_both_languages_and_the_list_version_moves(client, org):
    client.force_login(org.admin_user)
    before = themes.theme_list().version
    posted = client.post(THEMES, {"name_en": "Call-backs", "name_es": "Llamadas", "words_en": "called back",
                                  "words_es": "nunca llamaron"})  # fmt: skip
    assert posted.status_code == 302
    theme = Theme.objects.get()
    assert (theme.name_es, theme.terms()) == ("Llamadas", ["called back", "nunca llamaron"])
    assert themes.theme_list().version == before + 1 and theme.updated_by == org.admin_user


def test_a_theme_without_its_spanish_name_comes_back_with_what_was_typed(client, org):
    client.force_login(org.admin_user)
    page = client.post(THEMES, {"name_en": "Parking", "words_en": "parking lot"})
    assert page.status_code == 200 and "parking lot" in page.content.decode() and not Theme.objects.exists()


def test_editing_an_unknown_theme_is_a_404(client, org):
    client.force_login(org.admin_user)
    assert client.get(reverse("surveys:theme_edit", args=[999999])).status_code == 404


# --- tagging ---------------------------------------------------------------------------------------------------


def test_a_comment_is_tagged_when_the_resident_submits_it(client, org, survey, open_link):
    theme = add_theme(org)
    comment = next(q for q in survey.questions.all() if q.scale is None)
    client.post(reverse("surveys_public:respond", args=[open_link.token]),
                answers_post(survey, **{f"q{comment.pk}": "Demasiado TIEMPO de espera en la fila"}))  # fmt: skip
    tag = ResponseTheme.objects.get()
    assert tag.theme == theme and tag.words == ["tiempo de espera", "fila"]


def test_after_a_change_the_nightly_job_retags_and_only_then(org, survey, open_link):
    theme = add_theme(org)
    store(open_link, survey, "I was in the queue for an hour")
    slow = store(open_link, survey, "Very slow service")
    assert tasks.retag_comments() == 2  # the first run after the theme was added reads every comment
    assert tasks.retag_comments() == 0  # nothing changed since
    themes.save_theme(theme=theme, by=org.admin_user, words_en="wait time\nqueue\nslow")
    assert not ResponseTheme.objects.filter(response=slow).exists()  # until the night
    assert tasks.retag_comments() == 2
    assert ResponseTheme.objects.get(response=slow).words == ["slow"]
    assert themes.theme_list().tagged_version == ThemeList.objects.get().version
    themes.delete_theme(theme=theme, by=org.admin_user)
    assert not ResponseTheme.objects.exists()


# --- the dashboard and the inbox -------------------------------------------------------------------------------


@pytest.fixture
def tagged(org, survey, open_link, clinic_link):
    """Two Water residents wrote about waiting, one about something else; a clinic patient waited too."""
    wait = add_theme(org)
    add_theme(org, name_en="Parking", name_es="Estacionamiento", words_en="parking", words_es="estacionamiento")
    responses = [
        store(open_link, survey, "The wait time was long"),
        store(open_link, survey, "<script>alert(1)</script> queue <b>again</b>"),
        store(open_link, survey, "Nice staff"),
        store(clinic_link, survey, "long queue"),
    ]
    return wait, responses


def _theme_links(page) -> dict[str, str]:
    section = page.content.decode().split('id="themes-heading"')[1].split("</section>")[0]
    return {
        re.sub(r"<[^>]+>.*", "", text, flags=re.S).strip(): html.unescape(href)
        for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', section, re.S)
    }


def test_the_dashboard_counts_themes_of_the_department_and_links_to_the_comments(client, org, tagged):
    wait, responses = tagged
    client.force_login(org.head_user)
    page = client.get(DASHBOARD, {"period": "30d"})
    counts = {row.theme.name: row.responses for row in page.context["theme_counts"]}
    assert counts == {"Wait time": 2}  # Public Works only: the clinic's queue is Health's
    link = _theme_links(page)["2"]
    assert f"theme={wait.pk}" in link
    inbox = client.get(link)
    assert {row.record.pk for row in inbox.context["table"].rows} == {responses[0].pk, responses[1].pk}


def test_the_dashboards_theme_counts_cost_the_same_queries_with_more_themes(client, org, tagged, survey, open_link):
    client.force_login(org.head_user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(DASHBOARD, {"period": "30d"}).status_code == 200
        return len(captured)

    before = queries()
    for number in range(5):
        add_theme(org, name_en=f"Theme {number}", name_es=f"Tema {number}", words_en="long", words_es="largo")
    themes.retag_if_changed()
    assert len(client.get(DASHBOARD, {"period": "30d"}).context["theme_counts"]) == 6
    assert queries() == before


def test_the_inbox_shows_the_words_that_matched_escaped(client, org, tagged):
    wait, responses = tagged
    client.force_login(org.head_user)
    page = client.get(INBOX, {"theme": wait.pk}).content.decode()
    assert "<mark>wait time</mark>" in page and "<mark>queue</mark>" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;again" in page
    detail = client.get(reverse("surveys:response_detail", args=[responses[1].pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>queue</mark> &lt;b&gt;again&lt;/b&gt;" in detail


def test_a_theme_name_is_escaped_everywhere(client, org, tagged):
    wait, _responses = tagged
    themes.save_theme(theme=wait, by=org.admin_user, name_en="<img src=x onerror=alert(1)>")
    themes.retag_if_changed()
    client.force_login(org.admin_user)
    for url in (THEMES, INBOX + f"?theme={wait.pk}", DASHBOARD + "?period=30d"):
        page = client.get(url).content.decode()
        assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_the_inbox_query_count_does_not_grow_with_tagged_rows(client, org, tagged, survey, open_link,
                                                               django_assert_max_num_queries):  # fmt: skip
    client.force_login(org.head_user)
    with CaptureQueriesContext(connection) as few:
        client.get(INBOX)
    for _ in range(10):
        store(open_link, survey, "wait time again")
    with django_assert_max_num_queries(len(few)):
        assert len(client.get(INBOX).context["table"].rows) == 13
