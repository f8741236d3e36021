"""Hypothesis strategies for hostile input: the values, query strings and form bodies a fuzzer sends.

Everything is generated as bytes, because a real client can send bytes that are not UTF-8 at all, and the
encoding is done here by hand (the test client would refuse to encode a lone surrogate).
"""

from urllib.parse import quote_from_bytes, urlencode

from hypothesis import strategies as st

from tests.fuzz.forms import Form

HUGE_NUMBERS = [
    "9" * 19,
    "9" * 20,
    "-" + "9" * 19,
    "1" + "0" * 4300,
    "4" * 4301,
    "9" * 5000,
    "2147483648",
    "-1",
    "0",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "1e-999",
    "0x1F",
    "1_000",
    "٣",
    "²",
    "四",
    "3.5",
    "1,5",
    " 7 ",
    "+2",
]
EDGE_DATES = [
    "0001-01-01",
    "9999-12-31",
    "9999-12-31T23:59:59",
    "10000-01-01",
    "2026-02-30",
    "2026-13-01",
    "1-1-1",
    "2026-06-31 25:61",
    "today",
]
NASTY_TEXT = ["\x00", "a\x00b", "\x01\x02", "\x7f", "\u0085", "\ud800", "\udfff", "\r\nSet-Cookie: x=1"]
CLEAN_TEXT = [
    "\u2028",
    "\ufeff",
    "%00",
    "%",
    "%%",
    "'; DROP TABLE x; --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "//evil.example/",
    "javascript:alert(1)",
    "=cmd|' /C calc'!A0",
    "",
    " ",
    "on",
    "true",
    "false",
    "null",
    "None",
    "[]",
    "{}",
    "line\nbreak\ttab",
]
LONG_TEXT = ["x" * 2000, "é" * 1000, "😀" * 500, "a\n" * 500]


def to_bytes(value: str) -> bytes:
    return value.encode("utf-8", "surrogatepass")


printable = st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=30)
# Hostile but storable: what gets past the door and reaches the forms and the queries.
clean_values = st.one_of(
    st.sampled_from(HUGE_NUMBERS + EDGE_DATES + CLEAN_TEXT + LONG_TEXT).map(to_bytes),
    printable.map(to_bytes),
    st.integers(min_value=-(10**25), max_value=10**25).map(lambda n: str(n).encode()),
)
# What a broken or hostile client sends: NUL and other controls, lone surrogates, bytes that are not UTF-8.
raw_values = st.one_of(
    st.sampled_from(NASTY_TEXT).map(to_bytes),
    st.text(st.characters(max_codepoint=0x7F), max_size=12).map(to_bytes),
    st.binary(max_size=24),
    st.characters(categories=["Cs"]).map(to_bytes),
)


def values_for(known: list[str], raw: bool):
    """A value for a field: often one the page offers (so the form gets past its easy checks), or a hostile one."""
    hostile = st.one_of(clean_values, raw_values) if raw else clean_values
    if not known:
        return hostile
    return st.one_of(st.sampled_from(known).map(to_bytes), hostile)


field_names = st.one_of(printable.map(to_bytes), st.sampled_from([b"page", b"pk", b"id"]))


@st.composite
def pairs(draw, known: dict[str, list[str]], raw: bool = False):
    """(name, value) pairs: each known field kept, changed, repeated or dropped, with some unknown fields."""
    result = []
    for name, offered in known.items():
        action = draw(st.sampled_from(["keep", "keep", "change", "change", "drop", "twice"]))
        if action == "drop":
            continue
        for _ in range(2 if action == "twice" else 1):
            value = (
                to_bytes(draw(st.sampled_from(offered)))
                if action == "keep" and offered
                else draw(values_for(offered, raw))
            )
            result.append((to_bytes(name), value))
    names = st.one_of(field_names, st.binary(max_size=8)) if raw else field_names
    result += draw(st.lists(st.tuples(names, values_for([], raw)), max_size=3))
    return result


def query_string(items: list[tuple[bytes, bytes]]) -> str:
    return urlencode(items)


garbage_query = st.one_of(
    st.binary(max_size=40).map(lambda raw: quote_from_bytes(raw, safe="=&")),
    st.text(st.characters(max_codepoint=0x7F, exclude_characters="#"), max_size=40).map(
        lambda text: quote_from_bytes(text.encode(), safe="=&%+")
    ),
)


def known_fields(form: Form) -> dict[str, list[str]]:
    """For each field of a form: the values a browser could send (the choices, else what the page filled in)."""
    return {name: entry.choices or entry.sent or [""] for name, entry in form.fields.items()}


def multipart(items: list[tuple[bytes, bytes]], boundary: bytes = b"fuzzboundary") -> bytes:
    parts = [
        b"--"
        + boundary
        + b'\r\nContent-Disposition: form-data; name="'
        + name.replace(b'"', b"%22").replace(b"\r", b"").replace(b"\n", b"")
        + b'"\r\n\r\n'
        + value
        + b"\r\n"
        for name, value in items
    ]
    return b"".join(parts) + b"--" + boundary + b"--\r\n"


@st.composite
def bodies(draw, known: dict[str, list[str]]):
    """A posted body with its content type: usually urlencoded, sometimes multipart, now and then garbage.
    Most bodies are clean enough to reach the view; one in four carries what the door refuses."""
    items = draw(pairs(known, raw=draw(st.integers(0, 3)) == 0))
    shape = draw(st.sampled_from(["urlencoded"] * 6 + ["multipart"] * 2 + ["garbage"]))
    if shape == "urlencoded":
        return urlencode(items).encode(), "application/x-www-form-urlencoded"
    if shape == "multipart":
        return multipart(items), "multipart/form-data; boundary=fuzzboundary"
    content_type = draw(
        st.sampled_from(
            [
                "application/x-www-form-urlencoded; charset=latin-1",
                "application/x-www-form-urlencoded; charset=utf-16",
                "multipart/form-data",
                "multipart/form-data; boundary=",
                "multipart/form-data; boundary=x; charset=nope",
                "text/plain",
                "application/json",
                "",
            ]
        )
    )
    return draw(st.binary(max_size=64)) + urlencode(items[:3]).encode(), content_type
