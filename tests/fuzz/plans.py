"""Turning the table of targets into what the fuzz sends: a signed-in client, a path, and the form's fields."""

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.urls import reverse

from tests.fuzz.conftest import Fuzzer
from tests.fuzz.forms import forms_on
from tests.fuzz.strategies import known_fields
from tests.fuzz.targets import TARGETS, steps, user

EXPANDED = {"evaluations:evaluation_form_step", "evaluations:evaluation_step"}


@dataclass
class Plan:
    name: str
    fuzzer: Fuzzer
    path: str
    kwargs: dict
    query_fields: dict[str, list[str]]  # the filters the page offers (its GET forms)
    post_fields: dict[str, list[str]] | None  # the form that posts to the path; None when it takes no posts
    opened: int  # the status of a plain GET of the path, as the fuzz's person (0 for a workflow step)


class Fuzzers(dict):
    def __missing__(self, username):
        self[username] = Fuzzer(user(username) if username else None)
        return self[username]


def _matching_form(html: str, page_path: str, path: str, method: str):
    for form in forms_on(html):
        if form.method == method and urlsplit(urljoin(page_path, form.action or page_path)).path == path:
            return known_fields(form)
    return None


def _plan(name: str, username, kwargs: dict, page, posts: bool, fuzzers: Fuzzers) -> Plan:
    fuzzer = fuzzers[username]
    path = reverse(name, kwargs=kwargs)
    opened = fuzzer.get(path) if name not in EXPANDED else None
    html = opened.body.decode(errors="replace") if opened is not None else ""
    query_fields = {}
    for form in forms_on(html):
        if form.method == "get":
            query_fields.update(known_fields(form))
    post_fields = None
    if posts:
        page_path = reverse(page[0], kwargs=page[1]) if page else path
        page_response = fuzzer.get(page_path) if page else opened
        if page and page_response is not None and page_response.status_code == 302:
            # A link that moves its token out of the address bar (an invitation) shows its form one redirect on.
            page_path = urlsplit(page_response["Location"]).path
            page_response = fuzzer.get(page_path)
        page_html = page_response.body.decode(errors="replace") if page_response is not None else ""
        post_fields = _matching_form(page_html, page_path, path, "post") or {}
    return Plan(name, fuzzer, path, kwargs, query_fields, post_fields, opened.status_code if opened is not None else 0)


def build_plans(names) -> list[Plan]:
    fuzzers = Fuzzers()
    plans = []
    for name in names:
        if name in EXPANDED:
            continue
        target = TARGETS[name]
        try:
            page = (target.page[0], target.page[1]()) if target.page else None
            kwargs = target.kwargs()
        except AttributeError as missing:
            raise LookupError(f"the demo county has nothing for {name} to point at: {missing}") from missing
        plans.append(_plan(name, target.user, kwargs, page, target.posts, fuzzers))
    if EXPANDED & set(names):
        for step in steps():
            if step.url_name in names:
                plans.append(_plan(step.url_name, step.user, step.kwargs, step.page, True, fuzzers))
    for fuzzer in fuzzers.values():  # what the planning sent is not part of the fuzz
        fuzzer.sent.clear()
    return plans


def all_fuzzers(plans: list[Plan]) -> list[Fuzzer]:
    return list({id(plan.fuzzer): plan.fuzzer for plan in plans}.values())
