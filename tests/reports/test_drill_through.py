"""Every dashboard figure that counts residents' responses links to those responses in the inbox, and the inbox
finds as many as the figure says."""

import html
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.services import compute_metrics
from surveys.models import Response

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("reports:dashboard")
INBOX = reverse("surveys:inbox")
LINK = re.compile(r'<a[^>]*href="(' + re.escape(INBOX) + r'\?[^"]*)"[^>]*>(.*?)</a>', re.S)


@pytest.fixture
def served(kit, staff_kit, org):
    """Residents of Public Works over the last 90 days, and what must not count: spam, a previous period, the
    clinic next door, and staff rating the department as internal customers."""
    now = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    kit.respond(at=now - timedelta(days=2), satisfaction=5, trust=True)
    kit.respond(at=now - timedelta(days=3), satisfaction=2, trust=False, wants_contact=True, contact_name="Ana",
                contact_phone="555 0100")  # fmt: skip
    kit.respond(at=now - timedelta(days=4), satisfaction=3)
    kit.respond(at=now - timedelta(days=5), trust=True, archived=True)  # archived still counts in reports
    kit.respond(at=now - timedelta(days=6), satisfaction=1, is_spam=True)
    kit.respond(at=now - timedelta(days=120), satisfaction=1, trust=False)
    kit.respond(at=now - timedelta(days=2), service_point=org.clinic_desk, satisfaction=1)
    staff_kit.respond(at=now - timedelta(days=2), satisfaction=1, trust=False)
    compute_metrics(full=True)


def _links(page) -> list[tuple[str, str]]:
    """(address, visible words) of each inbox link on the page."""
    return [
        (html.unescape(href), re.sub(r"<[^>]+>", " ", text).split("(")[0].strip())
        for href, text in LINK.findall(page.content.decode())
    ]


def _inbox_count(client, url: str) -> int:
    page = client.get(url)
    assert page.status_code == 200
    return page.context["table"].paginator.count  # the count the table pages by


def test_every_figure_and_the_responses_behind_it_agree(client, org, served):
    client.force_login(org.head_user)
    page = client.get(DASHBOARD)
    dashboard = page.context["dashboard"]
    assert dashboard.current.responses == 4
    links = _links(page)
    numbered = [(url, int(re.search(r"\d+", words).group())) for url, words in links if re.search(r"\d+", words)]
    # the stat cards (satisfied, trust, responses, follow-ups), seven drivers' answers where answered, one
    # channel, one service point and one sub-department
    kinds = {key for url, _count in numbered for key in parse_qs(urlsplit(url).query)}
    assert {"driver_satisfaction", "driver_trust", "wants_contact", "channel", "service_point"} <= kinds
    assert len(numbered) >= 9
    for url, figure in numbered:
        assert _inbox_count(client, url) == figure, url
    # the satisfied share: 1 of the 3 residents who rated satisfaction; the inbox finds the other 2 from its row
    not_satisfied = next(url for url, words in links if "not satisfied" in words and "driver_satisfaction" in url)
    assert _inbox_count(client, not_satisfied) == 2


def test_the_responses_figure_lands_on_the_inbox_filtered_like_the_dashboard(client, org, served):
    client.force_login(org.head_user)
    page = client.get(DASHBOARD)
    period = page.context["dashboard"].period
    url = next(url for url, words in _links(page) if words.startswith("See the 4 responses"))
    query = parse_qs(urlsplit(url).query)
    assert query == {
        "box": ["counted"],
        "audience": ["residents"],
        "department": [str(org.public_works.pk)],
        "submitted_from": [period.start.isoformat()],
        "submitted_to": [period.end.isoformat()],
    }
    inbox = client.get(url)
    shown = {row.record.pk for row in inbox.context["table"].paginated_rows}
    assert shown == set(
        Response.objects.filter(department=org.water, survey__audience="residents", is_spam=False)
        .filter(submitted_at__gte=timezone.now() - timedelta(days=30))
        .values_list("pk", flat=True)
    )


def test_hr_sees_the_figures_without_links_to_an_inbox_they_cannot_open(client, org, served):
    client.force_login(org.hr_user)
    page = client.get(DASHBOARD)
    assert page.status_code == 200 and _links(page) == []
