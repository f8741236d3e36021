"""Every staff page and form, fed generated input by the person who may use it: never a server error.

Each form is read from the page that shows it (field names, offered choices), then posted with each field
kept, changed to a hostile value, repeated or dropped. Every page gets generated query strings (its own
filters and the parameters the views read) and generated numbers in place of its ids.
"""

from collections import Counter

import pytest
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.conftest import causes
from tests.fuzz.plans import all_fuzzers, build_plans
from tests.fuzz.strategies import (
    HUGE_NUMBERS,
    bodies,
    garbage_query,
    pairs,
    query_string,
)
from tests.fuzz.targets import FORMLESS, PUBLIC, TARGETS

pytestmark = pytest.mark.django_db
STAFF = sorted(set(TARGETS) - set(PUBLIC))
POSTS = 800
GETS = 700

# Parameters some view reads from the query string, with the values it knows.
QUERY_PARAMETERS = {
    "page": ["1", "2", "last"],
    "sort": ["-submitted_at", "name"],
    "per_page": ["10"],
    "export": ["csv", "departments", "service_points"],
    "format": ["csv", "xlsx", "summary-csv"],
    "department": ["1", "2"],
    "period": ["90d", "30d", "q2026-01-01", "fy2026"],
    "year": ["2026", "2027"],
    "quarter": ["2026-07-01"],
    "label": [""],
    "download": ["1"],
    "next": ["/surveys/"],
    "code": [""],
}


def fuzz(max_examples: int):
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


def report(plans) -> tuple[int, list[str]]:
    """How many requests were sent (printed by status class, for `pytest -s`) and every server error."""
    fuzzers = all_fuzzers(plans)
    statuses = sum((fuzzer.sent for fuzzer in fuzzers), Counter())
    print(f"\n{sum(statuses.values())} generated requests by status: {dict(sorted(statuses.items()))}")
    return sum(statuses.values()), [error for fuzzer in fuzzers for error in fuzzer.errors]


def test_generated_posts_to_every_staff_form_never_cause_a_server_error(county):
    plans = [plan for plan in build_plans(STAFF) if plan.post_fields is not None]
    formless = sorted({plan.name for plan in plans if not plan.post_fields} - set(FORMLESS))
    assert not formless, f"no form on the page posts to {formless}: the fuzz would not know their fields"

    @fuzz(POSTS)
    @given(st.sampled_from(plans), st.data())
    def post_anything(plan, data):
        body, content_type = data.draw(bodies(plan.post_fields))
        plan.fuzzer.post(plan.path, body, content_type)

    post_anything()
    sent, errors = report(plans)
    assert sent >= POSTS
    assert not errors, causes(errors)


def _not_a_pdf(items):
    """The annual report prints a PDF with Chromium for format=pdf (seconds each): that page has its own tests."""
    return [(name, b"html" if value.strip().lower() == b"pdf" else value) for name, value in items]


def generated_query(plan, data) -> str:
    """The page's filters and the parameters views read, kept or changed; or a query string of pure garbage."""
    mode = data.draw(st.integers(0, 3))
    if mode == 0:
        return data.draw(garbage_query)
    known = {**QUERY_PARAMETERS, **plan.query_fields}
    return query_string(_not_a_pdf(data.draw(pairs(known, raw=mode == 1))))


def _path_with(plan, data) -> str:
    """The page's own path, or the same URL with a generated number in place of one of its ids."""
    numbers = {name: value for name, value in plan.kwargs.items() if isinstance(value, int)}
    if not numbers or data.draw(st.integers(0, 3)):
        return plan.path
    name = data.draw(st.sampled_from(sorted(numbers)))
    digits = data.draw(
        st.sampled_from([value for value in HUGE_NUMBERS if value.isascii() and value.isdigit()] + ["0", "1", "7"])
    )
    try:
        return reverse(plan.name, kwargs={**plan.kwargs, name: int(digits)})
    except (NoReverseMatch, ValueError):
        return plan.path.replace(f"/{plan.kwargs[name]}/", f"/{digits}/", 1)


def test_generated_query_strings_on_every_staff_page_never_cause_a_server_error(county):
    plans = build_plans(STAFF)

    @fuzz(GETS)
    @given(st.sampled_from(plans), st.data())
    def get_anything(plan, data):
        plan.fuzzer.get(_path_with(plan, data), generated_query(plan, data))

    get_anything()
    sent, errors = report(plans)
    assert sent >= GETS
    assert not errors, causes(errors)
