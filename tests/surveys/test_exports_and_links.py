"""Exports (CSV streamed, XLSX), formula neutralisation, links in bulk, posters and QR codes."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from surveys import exports
from surveys.exports import neutralise
from surveys.models import QuestionKind, Survey
from surveys.services.responses import submit_response
from tests.surveys.test_services import answers_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("plain words", "plain words"),
        (5, 5),
        (-3, -3),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def _export(client, user, fmt, **params):
    client.force_login(user)
    return client.get(reverse("surveys:export", args=[fmt]), params)


def test_csv_export_streams_one_row_per_response_with_a_column_per_question(
    client, org, survey, open_link, clinic_link
):
    submit_response(link=open_link, answers=answers_for(survey, text="=cmd|' /C calc'!A0"), language="en")
    submit_response(link=clinic_link, answers=answers_for(survey, number=2, text="fine"), language="es")
    response = _export(client, org.admin_user, "csv")
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header, *body = rows
    assert len(body) == 2
    assert header[14:] == [q.text for q in survey.questions.all()]
    # newest first, as the inbox shows them
    assert body[0][14] == "2"
    assert body[1][-1] == "'=cmd|' /C calc'!A0"  # neutralised


def test_export_follows_the_inbox_filters_and_scope(client, org, survey, open_link, clinic_link):
    submit_response(link=open_link, answers=answers_for(survey), language="en")
    submit_response(link=clinic_link, answers=answers_for(survey), language="en")
    response = _export(client, org.head_user, "csv")
    body = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))[1:]
    assert [row[4] for row in body] == ["Water counter"]
    response = _export(client, org.admin_user, "csv", channel="phone")
    assert len(list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))) == 1


def test_xlsx_export(client, org, survey, open_link):
    submit_response(link=open_link, answers=answers_for(survey, text="@risky"), language="en")
    response = _export(client, org.admin_user, "xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][-1] == "'@risky" and rows[1][14] == 4


def _csv_statements(client, user) -> tuple[int, int]:
    """(statements, rows) of a whole CSV download, its stream read to the end."""
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("surveys:export", args=["csv"]))
        lines = b"".join(response.streaming_content).splitlines()
    return len(captured), len(lines) - 1


def test_the_csv_costs_the_same_statements_at_10_and_60_responses(client, org, survey, open_link, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 7)  # several fetches from the cursor, none of them a statement
    for _index in range(10):
        submit_response(link=open_link, answers=answers_for(survey), language="en")
    few = _csv_statements(client, org.admin_user)
    for _index in range(50):
        submit_response(link=open_link, answers=answers_for(survey), language="en")
    many = _csv_statements(client, org.admin_user)
    assert (few[1], many[1]) == (10, 60)
    assert few[0] == many[0] <= 15


# Cells a spreadsheet would run, and look-alikes it would not (numbers, negative ones and percentages too).
CELLS = ["=1+1", "+1+2", "-2+3", "@SUM(A1)", "\tindent", "\rreturn", "-3", "-2.5 %", "plain", "a=b", "-"]


def test_the_database_neutralises_cells_as_the_python_rule_does(client, org, survey, open_link):
    for text in CELLS:
        submit_response(link=open_link, answers=answers_for(survey, text=text), language="en")
    client.force_login(org.admin_user)
    response = client.get(reverse("surveys:export", args=["csv"]), {"sort": "submitted_at"})
    body = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))[1:]
    assert [row[-1] for row in body] == [neutralise(text) for text in CELLS]


def test_bulk_single_use_links_come_back_as_csv(client, org, survey):
    client.force_login(org.admin_user)
    response = client.post(
        reverse("surveys:link_create", args=[survey.pk]),
        {"service_point": org.counter.pk, "kind": "single_use", "count": 500, "label": "March letters"},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["url", "token", "service_point", "label"] and len(rows) == 501
    assert rows[1][0].endswith(f"/s/{rows[1][1]}/")
    again = client.get(reverse("surveys:link_batch_csv", args=[survey.pk]), {"label": "March letters"})
    assert len(again.content.decode().splitlines()) == 501


def test_head_cannot_make_links_for_another_subtrees_service_point(client, org, survey):
    client.force_login(org.head_user)
    client.post(
        reverse("surveys:link_create", args=[survey.pk]),
        {"service_point": org.clinic_desk.pk, "kind": "open", "count": 1},
    )
    assert not survey.links.exists()


def test_poster_and_qr_codes(client, org, open_link, clinic_link):
    client.force_login(org.head_user)
    poster = client.get(reverse("surveys:link_poster", args=[open_link.pk]))
    assert poster.status_code == 200 and open_link.public_url in poster.content.decode()
    png = client.get(reverse("surveys:link_qr", args=[open_link.pk, "png"]))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    svg = client.get(reverse("surveys:link_qr", args=[open_link.pk, "svg"]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert client.get(reverse("surveys:link_poster", args=[clinic_link.pk])).status_code == 404
    assert client.get(f"/surveys/links/{open_link.pk}/qr.gif").status_code == 404


def test_builder_flow_through_the_pages(client, org):
    client.force_login(org.admin_user)
    created = client.post(reverse("surveys:survey_create"), {"standard": "a11"})
    survey = Survey.objects.get()
    assert created["Location"] == survey.get_absolute_url()
    add = client.post(
        reverse("surveys:question_create", args=[survey.pk]),
        {
            "kind": QuestionKind.SINGLE_CHOICE,
            "text_en": "How did you reach us?",
            "text_es": "¿Cómo nos contactó?",
            "char_limit": 1000,
            "options_text": "phone | By phone | Por teléfono\nvisit | In person | En persona",
        },
    )
    assert add.status_code == 302
    question = survey.questions.get(kind=QuestionKind.SINGLE_CHOICE)
    assert question.options[1] == {"value": "visit", "en": "In person", "es": "En persona"} and question.order == 9
    bad = client.post(
        reverse("surveys:question_create", args=[survey.pk]),
        {
            "kind": QuestionKind.SINGLE_CHOICE,
            "text_en": "Only one?",
            "text_es": "¿Solo una?",
            "char_limit": 1000,
            "options_text": "a | A | A",
        },
    )
    assert bad.status_code == 400 and "at least two options" in bad.content.decode()
    assert client.get(reverse("surveys:survey_preview", args=[survey.pk])).status_code == 200
    client.post(reverse("surveys:question_remove", args=[question.pk]))
    assert not survey.questions.filter(pk=question.pk).exists()


def test_head_may_read_surveys_but_not_build_them(client, org, survey):
    client.force_login(org.head_user)
    assert client.get(reverse("surveys:survey_detail", args=[survey.pk])).status_code == 200
    assert client.post(reverse("surveys:survey_create"), {"standard": "a11"}).status_code == 403
    assert client.post(reverse("surveys:survey_copy", args=[survey.pk])).status_code == 403


def test_builder_shows_the_kind_fixed_once_the_survey_has_responses(client, org, survey, open_link):
    question = survey.questions.first()
    client.force_login(org.admin_user)
    form_url = reverse("surveys:question_edit", args=[question.pk])
    assert "disabled" not in client.get(form_url).content.decode().split('name="kind"')[1][:100]
    submit_response(link=open_link, answers=answers_for(survey), language="en")
    page = client.get(form_url).content.decode()
    assert "disabled" in page.split('name="kind"')[1][:100] and "the kind cannot change" in page
    saved = client.post(
        form_url, {"kind": QuestionKind.STARS, "text_en": "Reworded", "text_es": "Otra redacción", "char_limit": 1000}
    )
    assert saved.status_code == 302
    question.refresh_from_db()
    assert (question.kind, question.text_en) == (QuestionKind.AGREEMENT, "Reworded")


def test_builder_asks_for_every_resident_text_in_both_languages(client, org, survey):
    client.force_login(org.admin_user)
    data = {
        "title_en": "Library visit",
        "title_es": "Visita a la biblioteca",
        "introduction_en": "Tell us, please.",
        "audience": "residents",
        "status": "draft",
    }
    page = client.post(reverse("surveys:survey_edit", args=[survey.pk]), data)
    assert page.status_code == 400 and "Give the Spanish text too" in page.content.decode()
    assert "Tell us, please." in page.content.decode()  # nothing typed is lost
    question = client.post(
        reverse("surveys:question_create", args=[survey.pk]),
        {
            "kind": QuestionKind.SHORT_TEXT,
            "text_en": "Which branch?",
            "text_es": "¿Qué sucursal?",
            "help_text_es": "Por ejemplo, la central.",
            "char_limit": 1000,
        },
    )
    assert question.status_code == 400 and "Give the English text too" in question.content.decode()
    data["introduction_es"] = "Cuéntenos, por favor."
    assert client.post(reverse("surveys:survey_edit", args=[survey.pk]), data).status_code == 302


def test_answered_options_stay_but_may_be_relabelled(client, org, survey, open_link):
    question = survey.questions.create(
        kind=QuestionKind.SINGLE_CHOICE,
        text_en="How did you come?",
        text_es="¿Cómo vino?",
        order=9,
        options=[{"value": "bus", "en": "Bus", "es": "Autobús"}, {"value": "car", "en": "Car", "es": "Coche"}],
    )
    submit_response(link=open_link, answers=answers_for(survey), language="en")
    client.force_login(org.admin_user)
    form_url = reverse("surveys:question_edit", args=[question.pk])
    post = {"text_en": "How did you come?", "text_es": "¿Cómo vino?", "char_limit": 1000}
    dropped = client.post(form_url, {**post, "options_text": "bus | Bus | Autobús\nwalk | On foot | A pie"})
    assert (
        dropped.status_code == 400 and "these options must stay (you may relabel them): car" in dropped.content.decode()
    )
    kept = client.post(
        form_url, {**post, "options_text": "bus | By bus | En autobús\ncar | Car | Carro\nwalk | On foot | A pie"}
    )
    assert kept.status_code == 302
    question.refresh_from_db()
    assert question.option_values() == ["bus", "car", "walk"] and question.options[0]["en"] == "By bus"
