"""Generated JSON posted to the invitations with a valid token: always a JSON answer in the API's shape, never a
server error. (GETs of every API URL are in tests/fuzz with the rest of the site.)"""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from org.models import Channel
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
)


def test_generated_invitation_bodies_get_a_json_answer_and_never_a_server_error(client, org, survey, water_token):
    counter = org.counter.pk

    @settings(max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @given(
        st.fixed_dictionaries(
            {},
            optional={
                "service_point": st.just(counter) | st.just(org.clinic_desk.pk) | values,
                "channel": st.sampled_from(Channel.values) | values,
                "email": st.emails() | values,
                "language": st.sampled_from(["en", "es"]) | values,
            },
        )
        | values
    )
    def post(body):
        answer = client.post(
            "/api/v1/invitations", json.dumps(body), content_type="application/json", **bearer(water_token)
        )
        assert answer.status_code in (200, 201, 400, 403), answer.content
        data = answer.json()
        assert ("errors" in data) == (answer.status_code >= 400)

    post()


def test_generated_response_queries_get_a_json_answer_and_never_a_server_error(client, org, survey):
    from accounts.api_tokens import issue_token

    _token, secret = issue_token(
        name="311 desk", service_points=[org.counter], by=org.admin_user, may_read_responses=True
    )
    # Control characters never reach the API: serviceculture/untrusted.py refuses them for the whole site.
    printable = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)
    texts = printable | st.integers().map(str) | st.dates().map(str)

    @settings(max_examples=120, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @given(
        st.fixed_dictionaries(
            {},
            optional={
                "since": texts,
                "until": texts,
                "service_point": st.just(str(org.counter.pk)) | st.just(str(org.clinic_desk.pk)) | texts,
                "page": texts,
            },
        )
    )
    def get(query):
        answer = client.get("/api/v1/responses", query, **bearer(secret))
        assert answer.status_code in (200, 400, 403), answer.content
        assert ("errors" in answer.json()) == (answer.status_code >= 400)

    get()
