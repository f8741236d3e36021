"""Every page a resident or a visitor reaches without signing in, fed generated addresses, query strings and
forms: never a server error. (The resident's survey form has its own, deeper fuzz in tests/surveys.)"""

from urllib.parse import quote_from_bytes

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.conftest import causes
from tests.fuzz.plans import build_plans
from tests.fuzz.strategies import bodies, clean_values, raw_values, to_bytes
from tests.fuzz.targets import PUBLIC, TARGETS
from tests.fuzz.test_staff_pages import fuzz, generated_query, report

pytestmark = pytest.mark.django_db
GETS = 1200
POSTS = 600


def _path_with(plan, data) -> str:
    """The page's path, or the same URL with a generated token or code (any bytes, percent-encoded)."""
    texts = {name: value for name, value in plan.kwargs.items() if isinstance(value, str)}
    if not texts or data.draw(st.integers(0, 2)) == 0:
        return plan.path
    name = data.draw(st.sampled_from(sorted(texts)))
    value = data.draw(st.one_of(clean_values, raw_values, st.just(to_bytes(texts[name])[:-1])).filter(bool))
    return plan.path.replace(f"/{texts[name]}/", "/" + quote_from_bytes(value, safe="") + "/", 1)


def test_generated_addresses_and_query_strings_on_public_pages_never_cause_a_server_error(county):
    plans = build_plans(PUBLIC)
    assert reverse("surveys_public:respond", kwargs={"token": "x"}) == "/s/x/"

    @fuzz(GETS)
    @given(st.sampled_from(plans), st.data())
    def get_anything(plan, data):
        headers = {"HTTP_ACCEPT_LANGUAGE": data.draw(st.sampled_from(["es", "en", "es-MX,es;q=0.9", "*", "xx", ""]))}
        plan.fuzzer.get(_path_with(plan, data), generated_query(plan, data), **headers)

    get_anything()
    sent, errors = report(plans)
    assert sent >= GETS
    assert not errors, causes(errors)


def test_generated_posts_to_public_forms_never_cause_a_server_error(county):
    plans = [plan for plan in build_plans(PUBLIC) if plan.post_fields is not None]
    assert {plan.name for plan in plans} >= {"account_login", "set_language", "surveys_public:respond", "admin:login"}
    # A page that needs a step first (a sign-in half done) shows no form to a stranger; it is posted to anyway.
    assert all(plan.post_fields for plan in plans if TARGETS[plan.name].opens == 200), (
        "a public form was not found on its page"
    )

    @fuzz(POSTS)
    @given(st.sampled_from(plans), st.data())
    def post_anything(plan, data):
        cache.clear()  # the resident's rate limit has its own tests
        body, content_type = data.draw(bodies(plan.post_fields))
        plan.fuzzer.post(_path_with(plan, data), body, content_type)

    post_anything()
    sent, errors = report(plans)
    assert sent >= POSTS
    assert not errors, causes(errors)
