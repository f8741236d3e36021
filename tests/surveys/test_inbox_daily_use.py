"""The inbox as a head's daily tool: each response's drivers at a glance, low-score and driver filters, exports in
the screen's order with tags and compliments, and who a compliment may name."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from surveys import triage
from surveys.models import Compliment, Response
from tests.factories import make_employee
from tests.reports.conftest import SurveyKit

pytestmark = pytest.mark.django_db

INBOX = reverse("surveys:inbox")


@pytest.fixture
def kit(org, settings):
    settings.TIME_ZONE = "America/New_York"
    return SurveyKit(org)


def _ago(days: int, hour: int = 12):
    return timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0) - timedelta(days=days)


@pytest.fixture
def mixed(kit):
    """Five residents at the water counter, newest first: unhappy, middling but distrustful, content, middling
    and trusting, and one who only gave a thumbs-down on trust."""
    return {
        "unhappy": kit.respond(at=_ago(1), satisfaction=1, trust=False),
        "distrustful": kit.respond(at=_ago(2), satisfaction=3, trust=False),
        "content": kit.respond(at=_ago(3), satisfaction=5, trust=True),
        "middling": kit.respond(at=_ago(4), satisfaction=3, trust=True),
        "thumbs_only": kit.respond(at=_ago(5), trust=False),
    }


def _ids(client, user, **params) -> list[int]:
    client.force_login(user)
    page = client.get(INBOX, params)
    assert page.status_code == 200
    return [row.record.pk for row in page.context["table"].paginated_rows]


def _cell(page, response: Response) -> str:
    """The satisfaction cell of one response's row, as rendered."""
    row = next(row for row in page.context["table"].paginated_rows if row.record.pk == response.pk)
    return str(row.get_cell("satisfaction"))


def test_a_head_reads_each_residents_satisfaction_and_other_drivers_in_words(client, org, mixed):
    client.force_login(org.head_user)
    page = client.get(INBOX)
    assert "<th" in page.content.decode() and "Satisfaction" in page.content.decode()
    unhappy = _cell(page, mixed["unhappy"])
    assert "1 of 5" in unhappy and "Low: Trust / confidence" in unhappy
    content = _cell(page, mixed["content"])
    assert "5 of 5" in content and "Satisfied: Trust / confidence" in content
    assert "not asked" in _cell(page, mixed["thumbs_only"]) and "Low: Trust" in _cell(page, mixed["thumbs_only"])


def test_the_satisfaction_column_costs_no_query_per_row(client, org, kit, django_assert_max_num_queries):
    client.force_login(org.head_user)
    for day in range(3):
        kit.respond(at=_ago(day + 1), satisfaction=2, trust=False)
    with CaptureQueriesContext(connection) as few:
        client.get(INBOX)
    for day in range(30):
        kit.respond(at=_ago(day + 1, hour=9), satisfaction=4, trust=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(INBOX)
    assert len(page.context["table"].paginated_rows) == 33


def test_a_head_finds_the_low_scores_without_opening_each_response(client, org, mixed):
    low = _ids(client, org.head_user, low="true")
    assert low == [mixed["unhappy"].pk, mixed["distrustful"].pk, mixed["thumbs_only"].pk]
    rest = _ids(client, org.head_user, low="false")
    assert rest == [mixed["content"].pk, mixed["middling"].pk]


def test_each_driver_filters_by_how_it_was_answered(client, org, mixed):
    head = org.head_user
    assert _ids(client, head, driver_satisfaction="satisfied") == [mixed["content"].pk]
    assert _ids(client, head, driver_satisfaction="not_satisfied") == [
        mixed["unhappy"].pk,
        mixed["distrustful"].pk,
        mixed["middling"].pk,
    ]
    assert _ids(client, head, driver_satisfaction="low") == [mixed["unhappy"].pk]
    assert len(_ids(client, head, driver_satisfaction="answered")) == 4  # the thumbs-only resident skipped it
    assert _ids(client, head, driver_trust="satisfied") == [mixed["content"].pk, mixed["middling"].pk]
    # filters combine: satisfied enough overall, but trusting the county less
    assert _ids(client, head, driver_trust="low", driver_satisfaction="not_satisfied") == [
        mixed["unhappy"].pk,
        mixed["distrustful"].pk,
    ]


def test_the_low_score_filter_stays_inside_the_heads_subtree(client, org, kit, mixed):
    clinic = kit.respond(at=_ago(1), service_point=org.clinic_desk, satisfaction=1)
    assert clinic.pk not in _ids(client, org.head_user, low="true")
    assert clinic.pk in _ids(client, org.admin_user, low="true")


def test_a_head_sorts_by_satisfaction_lowest_first(client, org, mixed):
    ids = _ids(client, org.head_user, sort="satisfaction")
    assert ids[:2] == [mixed["unhappy"].pk, mixed["distrustful"].pk]  # 1, then the newer of the 3s
    assert ids.index(mixed["content"].pk) == 3


def _csv(client, user, **params) -> list[list[str]]:
    client.force_login(user)
    response = client.get(reverse("surveys:export", args=["csv"]), params)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_csv_lists_responses_as_the_inbox_shows_them(client, org, mixed):
    _header, *rows = _csv(client, org.head_user)
    shown = _ids(client, org.head_user)
    assert [int(row[0]) for row in rows] == shown  # newest first, like the screen
    _header, *oldest_first = _csv(client, org.head_user, sort="submitted_at")
    assert [int(row[0]) for row in oldest_first] == list(reversed(shown))
    _header, *by_satisfaction = _csv(client, org.head_user, sort="satisfaction")
    assert [int(row[0]) for row in by_satisfaction] == _ids(client, org.head_user, sort="satisfaction")


def test_the_csv_has_tags_and_compliments_and_neutralises_them(client, org, mixed):
    unhappy, content = mixed["unhappy"], mixed["content"]
    triage.add_tag(responses=Response.objects.filter(pk=unhappy.pk), name="=billing", by=org.admin_user)
    triage.add_tag(responses=Response.objects.filter(pk=unhappy.pk), name="call back", by=org.admin_user)
    Compliment.objects.create(response=content, named_text="Walter", employee=org.water_worker)
    header, *rows = _csv(client, org.head_user)
    assert header[10:14] == ["Tags", "Compliment: name given", "Compliment: status", "Compliment: staff member"]
    by_id = {int(row[0]): row for row in rows}
    assert by_id[unhappy.pk][10] == "'=billing; call back"
    assert by_id[content.pk][11:14] == ["Walter", "Waiting for confirmation", "Walter Worker"]
    assert by_id[mixed["middling"].pk][10:14] == ["", "", "", ""]


def _compliment(kit, named: str) -> Compliment:
    response = kit.respond(at=_ago(1), satisfaction=5)
    return Compliment.objects.create(response=response, named_text=named)


def _detail(client, user, compliment):
    client.force_login(user)
    return client.get(reverse("surveys:response_detail", args=[compliment.response_id]))


def test_who_was_meant_offers_only_the_staff_where_the_resident_was_served(client, org, kit):
    compliment = _compliment(kit, "Walter")
    form = _detail(client, org.head_user, compliment).context["compliment_form"]
    offered = list(form.fields["employee"].queryset)
    # the water counter belongs to Water: not the Public Works head above it, nor the clinic
    assert offered == [org.water_worker]
    assert form["employee"].value() == org.water_worker.pk  # the only Walter there


def test_a_name_two_people_share_chooses_nobody_and_says_so(client, org, kit):
    namesake = make_employee(org.water, "Walter", "Wong")
    compliment = _compliment(kit, "walter")
    page = _detail(client, org.head_user, compliment)
    form = page.context["compliment_form"]
    assert form["employee"].value() is None
    assert "2 people here answer to “walter”: nobody is chosen for you." in page.content.decode()
    # a fuller name settles it
    compliment.named_text = "Walter W."
    compliment.save()
    assert _detail(client, org.head_user, compliment).context["compliment_form"]["employee"].value() is None
    compliment.named_text = "walter won"
    compliment.save()
    assert _detail(client, org.head_user, compliment).context["compliment_form"]["employee"].value() == namesake.pk


def test_a_head_cannot_record_someone_from_another_department_for_a_compliment(client, org, kit):
    compliment = _compliment(kit, "Clara")
    client.force_login(org.admin_user)
    client.post(reverse("surveys:compliment_decide", args=[compliment.response_id]), {"employee": org.clinic_worker.pk})
    compliment.refresh_from_db()
    assert compliment.status == "pending" and compliment.employee is None
    client.post(reverse("surveys:compliment_decide", args=[compliment.response_id]), {"employee": org.water_worker.pk})
    compliment.refresh_from_db()
    assert compliment.status == "confirmed" and compliment.employee == org.water_worker
