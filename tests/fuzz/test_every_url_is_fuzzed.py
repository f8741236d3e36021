"""A URL added to any urls.py must be added to the fuzz table too: otherwise its forms would escape the fuzz."""

import pytest

from tests.fuzz.plans import build_plans
from tests.fuzz.targets import TARGETS, url_names


def test_every_url_of_the_site_is_in_the_fuzz_table():
    missing = url_names() - set(TARGETS)
    assert not missing, (
        f"add these URLs to TARGETS in tests/fuzz/targets.py (as whom, which objects, posts?): {sorted(missing)}"
    )


def test_the_fuzz_table_names_only_urls_that_exist():
    assert not set(TARGETS) - url_names()


@pytest.mark.django_db
def test_each_page_opens_for_the_person_the_fuzz_sends_there(county):
    """Otherwise the fuzz would only ever meet a 403 or a 404 there and prove nothing about the page.
    (Workflow steps are posted only: their forms must be on the evaluation's page, which the posts test checks.)"""
    plans = [plan for plan in build_plans(sorted(TARGETS)) if plan.opened]
    refused = {
        plan.name: plan.opened
        for plan in plans
        if plan.opened != TARGETS[plan.name].opens and not (plan.opened == 405 and plan.post_fields is not None)
    }  # a button that only takes posts
    assert not refused, f"these pages do not open for the fuzz's person: {refused}"
