"""Personal data typed into a comment is stored masked: what is masked and what is left, in English and Spanish."""

import logging

import pytest
from django.db import connection
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from surveys import triage
from surveys.masking import EMAIL, PHONE, SSN, mask_personal_data
from surveys.models import Answer, QuestionKind, Response
from tests.surveys.conftest import answers_post

MASKED = [
    # English, US phone shapes
    ("Please call me at (555) 123-4567 about my permit.", "Please call me at [tel] about my permit.", [PHONE]),
    ("My cell is 555-123-4567, any time after 5pm.", "My cell is [tel], any time after 5pm.", [PHONE]),
    ("Reach me on 555.123.4567 or leave a message", "Reach me on [tel] or leave a message", [PHONE]),
    ("Text +1 555 123 4567 when the license is ready.", "Text [tel] when the license is ready.", [PHONE]),
    ("call 5551234567 thanks", "call [tel] thanks", [PHONE]),
    (
        "The clerk said to call (202) 555-0143 but nobody answers.",
        "The clerk said to call [tel] but nobody answers.",
        [PHONE],
    ),
    ("email me at jane.doe+city@example.com please", "email me at [email] please", [EMAIL]),
    ("My SSN is 123-45-6789 and they still lost my file", "My SSN is [SSN] and they still lost my file", [SSN]),
    ("social security 123 45 6789, case closed?", "social security [SSN], case closed?", [SSN]),
    ("Two addresses: a.b@city.gov, c_d@mail.co.uk", "Two addresses: [email], [email]", [EMAIL]),
    # The extension goes with the number it belongs to.
    ("Toll free 1-800-555-0199 ext. 12 never answers", "Toll free [tel] never answers", [PHONE]),
    (
        "I'm John, j.smith@mail.example.org or 555-987-6543.",
        "I'm John, [email] or [tel].",
        [EMAIL, PHONE],
    ),
    # Spanish: Spain, Mexico, and the US numbers Spanish speakers here type
    ("Mi número es +34 612 34 56 78, llámenme.", "Mi número es [tel], llámenme.", [PHONE]),
    ("Pueden llamarme al 612 345 678 por la tarde", "Pueden llamarme al [tel] por la tarde", [PHONE]),
    ("Mi teléfono fijo: 91 123 45 67", "Mi teléfono fijo: [tel]", [PHONE]),
    ("tel. 612345678", "tel. [tel]", [PHONE]),
    ("Mi celular es +52 55 1234 5678 (México)", "Mi celular es [tel] (México)", [PHONE]),
    ("Mi WhatsApp: +52 1 55 1234 5678", "Mi WhatsApp: [tel]", [PHONE]),
    ("Para cualquier duda, +34 91 123 45 67 (oficina)", "Para cualquier duda, [tel] (oficina)", [PHONE]),
    ("número 612-345-678 o 655 123 456", "número [tel] o [tel]", [PHONE]),
    ("Llámeme al 55-1234-5678 por favor", "Llámeme al [tel] por favor", [PHONE]),
    ("Mi cel: (555) 234-5678, gracias por la atención", "Mi cel: [tel], gracias por la atención", [PHONE]),
    ("Llámeme al (55) 1234-5678 en la mañana", "Llámeme al [tel] en la mañana", [PHONE]),
    ("Soy de Monterrey, tel (81) 8123-4567", "Soy de Monterrey, tel [tel]", [PHONE]),
    ("mi cel 33 1234 5678 (Guadalajara)", "mi cel [tel] (Guadalajara)", [PHONE]),
    ("Desde México: +52 (55) 1234 5678", "Desde México: [tel]", [PHONE]),
    ("Mi móvil 612 34 56 78, gracias", "Mi móvil [tel], gracias", [PHONE]),
    ("Escríbanme a maria.lopez@correo.es", "Escríbanme a [email]", [EMAIL]),
    ("Mi seguro social es 123-45-6789, ¿lo necesitan?", "Mi seguro social es [SSN], ¿lo necesitan?", [SSN]),
    (
        "Soy Ana, ana_g@ejemplo.mx o al 55 1234 5678; SSN 987-65-4321",
        "Soy Ana, [email] o al [tel]; SSN [SSN]",
        [EMAIL, PHONE, SSN],
    ),
]

LEFT = [
    # English: dates, amounts, counts, ticket numbers, ZIP codes, years, addresses
    "I came on 12/05/2026 and again on 2026-11-30.",
    "They charged me $1,234.56 for a $45 permit.",
    "Waited 45 minutes, third time (3 times) this month.",
    "My ticket #48213 has not moved since 2025.",
    "The office at 1600 Main Street, Austin TX 78701 was closed at 9:30.",
    "Case 2026-000123 is still open after 14 days.",
    "From 10/05/2026 to 12/05/2026 the fee went from $5,551,234 to $5,900,000.",
    "Already masked: [tel] and [email].",
    "Order 12345678 was refunded, 2 of 3 items.",
    "The line had 120 people; open 8:00-17:00.",
    "Over 3 fiscal years I paid $1,234.56 in fees and 2 late charges.",
    "Mail it to Austin, TX 78701-1234 or PO Box 5512.",
    "Case #2026-04-0012 and ticket 1234-5678 are both still open.",
    "Born 1985-04-12, I have lived here 40 years; call 911 only in emergencies.",
    "Reference 20260512, invoice INV-00042, 1 800 FLOWERS was on the poster.",
    # Spanish
    "Vine el 5 de diciembre y otra vez el 12.05.2026.",
    "Me cobraron 1.234,56 € y luego 25,00 €.",
    "Esperé 45 minutos, es la 3ª vez este año (2026).",
    "Vivo en Calle Mayor 123, 28013 Madrid.",
    "El expediente nº 48213 sigue igual desde el 2024.",
    "Pagué $1,500 pesos el 30/11/2026 a las 10:45.",
    "Llevo 3 años fiscales pagando 2.500 pesos; el folio es 12/05/2026-001.",
    "Código postal 06700, colonia Roma; somos 4 personas.",
    "Mi RFC no se lo doy: esperé de 9:30 a 13:15 el 5/12.",
]


@pytest.mark.parametrize(("comment", "stored", "kinds"), MASKED)
def test_personal_data_in_a_comment_is_masked(comment, stored, kinds):
    masked = mask_personal_data(comment)
    assert (masked.text, masked.kinds) == (stored, kinds)


@pytest.mark.parametrize("comment", LEFT)
def test_ordinary_numbers_are_left_as_typed(comment):
    masked = mask_personal_data(comment)
    assert (masked.text, masked.kinds) == (comment, [])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789 -.()+/@$€,abcñé\n"), max_size=80))
def test_masking_never_fails_and_masking_twice_changes_nothing(text):
    once = mask_personal_data(text)
    assert mask_personal_data(once.text).text == once.text


# --- Through the resident's page and the staff pages ------------------------------------------------------


def _post_comment(client, survey, link, comment, **extra):
    data = answers_post(survey, **extra)
    comment_question = survey.questions.get(kind=QuestionKind.LONG_TEXT)
    data[f"q{comment_question.pk}"] = comment
    page = client.post(reverse("surveys_public:respond", args=[link.token]), data)
    assert page.status_code == 302
    return Response.objects.get()


@pytest.mark.django_db
def test_a_resident_comment_is_stored_masked_and_staff_see_that_details_were_removed(client, open_link, survey, org):
    typed = "Llámenme al 612 345 678 o escriban a maria.lopez@correo.es, esperé 45 minutos el 12/05/2026."
    response = _post_comment(client, survey, open_link, typed)

    comment = response.answers.get(question__kind=QuestionKind.LONG_TEXT)
    assert comment.text == "Llámenme al [tel] o escriban a [email], esperé 45 minutos el 12/05/2026."
    assert comment.masked_kinds == ["email", "phone"]
    assert response.personal_data_masked
    stored = [answer.text for answer in Answer.objects.all()]
    assert not any("612 345 678" in text or "maria.lopez" in text for text in stored)

    client.force_login(org.head_user)
    detail = client.get(reverse("surveys:response_detail", args=[response.pk])).content.decode()
    assert "Personal details removed" in detail and "email address, phone number" in detail
    assert "Llámenme al [tel]" in detail
    inbox = client.get(reverse("surveys:inbox")).content.decode()
    assert "Personal details removed" in inbox


@pytest.mark.django_db
def test_contact_details_given_with_consent_are_kept_as_given(client, open_link, survey):
    response = _post_comment(
        client,
        survey,
        open_link,
        "A helpful visit, thank you.",
        wants_contact="yes",
        contact_name="Jane Doe",
        contact_email="jane@example.com",
        contact_phone="555-123-4567",
    )
    assert (response.contact_email, response.contact_phone) == ("jane@example.com", "555-123-4567")
    assert not response.personal_data_masked


@pytest.mark.django_db
def test_a_comment_without_personal_data_shows_no_badge(client, open_link, survey, org):
    response = _post_comment(client, survey, open_link, "Waited 45 minutes for ticket #48213.")
    assert response.answers.get(question__kind=QuestionKind.LONG_TEXT).masked_kinds == []
    client.force_login(org.head_user)
    detail = client.get(reverse("surveys:response_detail", args=[response.pk])).content.decode()
    assert "Personal details removed" not in detail


@pytest.mark.django_db
def test_the_raw_comment_is_in_no_table_and_no_log(client, open_link, survey, org, caplog):
    caplog.set_level(logging.DEBUG)
    typed = "Llámenme al +34 612 34 56 78 o a ana.ruiz@correo.es; mi SSN 123-45-6789"
    response = _post_comment(client, survey, open_link, typed, wants_contact="yes", contact_phone="555-123-4567")
    triage.record_follow_up(response=response, note="Called back", status="responded", by=org.admin_user)

    secrets = ("612 34 56 78", "ana.ruiz@correo.es", "123-45-6789")
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():  # history tables, the triage events, everything
            cursor.execute(f'SELECT * FROM "{table}"')
            dump = repr(cursor.fetchall())
            assert not any(secret in dump for secret in secrets), table
    assert not any(secret in caplog.text for secret in secrets)
