"""Thousands of generated form posts at the resident's page: never a 500, and nothing invalid is stored."""

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys.models import Response

pytestmark = pytest.mark.django_db

text = st.text(st.characters(codec="utf-8"), max_size=1200)
value = st.one_of(text, st.integers(-5, 20).map(str), st.sampled_from(["", "4", "5", "0", "1", "yes", "ease", "\x00"]))


@st.composite
def posts(draw, field_names):
    names = st.one_of(st.sampled_from(field_names), st.text(max_size=12))
    data = draw(st.dictionaries(names, st.lists(value, min_size=1, max_size=3), max_size=len(field_names) + 3))
    return {name: values for name, values in data.items() if name != "csrfmiddlewaretoken"}


def test_generated_posts_never_cause_a_server_error(open_link, survey, org):
    org.counter.staff.add(org.water_worker)
    field_names = [f"q{pk}" for pk in survey.questions.values_list("pk", flat=True)] + [
        "wants_contact",
        "contact_name",
        "contact_email",
        "contact_phone",
        "compliment_employee",
        "compliment_name",
        "website",
    ]
    client = Client(raise_request_exception=False)
    url = f"/s/{open_link.token}/"

    @settings(max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(posts(field_names))
    def post_anything(data):
        cache.clear()  # the rate limit is tested elsewhere
        response = client.post(url, data)
        assert response.status_code in (200, 302, 400), response.status_code

    post_anything()
    for response in Response.objects.prefetch_related("answers__question"):
        for answer in response.answers.all():
            question = answer.question
            if question.scale is not None:
                assert answer.number in question.scale
            if question.max_length:
                assert len(answer.text) <= question.max_length
