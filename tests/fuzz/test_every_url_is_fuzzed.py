"""A URL added to any urls.py must be added to the fuzz table too: otherwise its forms would escape the fuzz."""

from tests.fuzz.targets import NOT_FUZZED, TARGETS, url_names


def test_every_url_of_the_site_is_in_the_fuzz_table():
    missing = url_names() - set(TARGETS) - set(NOT_FUZZED)
    assert not missing, f"add these URLs to TARGETS in tests/fuzz/targets.py (as whom, which objects, posts?): {sorted(missing)}"


def test_the_fuzz_table_names_only_urls_that_exist():
    assert not (set(TARGETS) | set(NOT_FUZZED)) - url_names()
