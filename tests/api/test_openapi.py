"""The OpenAPI document at /api/v1/openapi.json: valid, and it describes every endpoint and its errors."""

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_openapi_document_is_valid_and_lists_every_endpoint(client):
    answer = client.get("/api/v1/openapi.json")
    assert answer.status_code == 200
    document = answer.json()
    validate(document)
    assert set(document["paths"]) == {
        "/api/v1/invitations",
        "/api/v1/open-data/standards",
        "/api/v1/open-data/results",
        "/api/v1/responses",
    }
    invitation = document["paths"]["/api/v1/invitations"]["post"]
    assert {"201", "200", "400", "401", "403", "429"} <= set(invitation["responses"])
    assert invitation["security"] == [{"TokenAuth": []}]
    assert "security" not in document["paths"]["/api/v1/open-data/results"]["get"]
    reading = document["paths"]["/api/v1/responses"]["get"]
    assert reading["security"] == [{"TokenAuth": []}]
    assert {"since", "until", "service_point", "page"} == {parameter["name"] for parameter in reading["parameters"]}


def test_the_document_is_cacheable_and_rate_limited_like_the_open_data(client, settings):
    settings.OPEN_DATA_RATE = "2/m"
    answers = [client.get("/api/v1/openapi.json") for _call in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[0]["Cache-Control"] == "public, max-age=3600"
