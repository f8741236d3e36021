"""Fire generated hostile requests at a running ServiceCulture server and count the answers by status.

For the production shape (gunicorn, DEBUG off) what the test client cannot show: the real WSGI server, real
bytes on the wire, real CSRF. Loopback only: it refuses any other host.

    .venv/bin/python benchmarks/fuzz_server.py http://127.0.0.1:8000 --token <a survey link token> \\
        [--requests 10000] [--threads 4] [--seed 2026] [--user hr --password demo-pass-2026]

With --user, it also signs in and sends generated query strings to the staff list pages. Give the server
CLIENT_ADDRESS_HEADER=HTTP_X_FORWARDED_FOR to spread the resident rate limit over generated addresses
(otherwise most posts get 429, which is correct but explores less). Prints the count per status and every
distinct 5xx; exits 1 when there was one. Floor: 0 server errors.
"""

import argparse
import http.client
import random
import re
import sys
import threading
import time
from collections import Counter
from urllib.parse import quote_from_bytes, urlencode, urlsplit

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
PUBLIC_PAGES = ["/", "/healthz", "/accounts/login/", "/standards/", "/certificates/", "/i18n/setlang/", "/admin/login/"]
STAFF_PAGES = [
    "/surveys/responses/",
    "/org/employees/",
    "/training/coverage/",
    "/evaluations/all/",
    "/reports/",
    "/reports/annual/",
    "/reports/a11/",
    "/surveys/follow-ups/",
    "/training/sessions/",
]
PARAMETERS = [
    "page",
    "department",
    "period",
    "year",
    "quarter",
    "export",
    "format",
    "code",
    "search",
    "box",
    "status",
    "submitted_from",
    "submitted_to",
    "survey",
    "tag",
    "comment",
    "cycle",
    "band",
    "sort",
    "next",
    "language",
]
HOSTILE = [
    "\x00",
    "a\x00b",
    "\x01",
    "\x7f",
    "\u0085",
    "\ud800",
    "9" * 19,
    "9" * 4301,
    "-1",
    "0",
    "²",
    "٣",
    "1e309",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "<script>",
    "'; --",
    "%",
    "é" * 500,
    "x" * 3000,
    "",
    " ",
    "pdf!",
]
CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=latin-1",
    "multipart/form-data; boundary=fuzz",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "text/plain",
    "application/json",
]


def hostile_value(rng: random.Random) -> bytes:
    kind = rng.randrange(4)
    if kind == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16)))
    if kind == 1:
        return "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(1, 12))).encode(
            "utf-8", "surrogatepass"
        )
    return rng.choice(HOSTILE).encode("utf-8", "surrogatepass")


def query(rng: random.Random) -> str:
    pairs = [(rng.choice(PARAMETERS).encode(), hostile_value(rng)) for _ in range(rng.randrange(1, 5))]
    return urlencode(pairs)


def body(rng: random.Random, fields: list[str], csrf: str) -> tuple[bytes, str]:
    pairs = [
        (name.encode(), hostile_value(rng) if rng.random() < 0.6 else rng.choice([b"1", b"4", b"yes", b""]))
        for name in fields
        if rng.random() < 0.8
    ]
    if rng.random() < 0.9:
        pairs.append((b"csrfmiddlewaretoken", csrf.encode()))
    content_type = rng.choice(CONTENT_TYPES)
    if content_type.endswith("boundary=fuzz"):
        parts = b"".join(
            b'--fuzz\r\nContent-Disposition: form-data; name="' + name + b'"\r\n\r\n' + value + b"\r\n"
            for name, value in pairs
        )
        return parts + b"--fuzz--\r\n", content_type
    if content_type.startswith("application/x-www-form-urlencoded"):
        return urlencode(pairs).encode(), content_type
    return bytes(rng.randrange(256) for _ in range(rng.randrange(64))), content_type


class Session:
    """One keep-alive connection with its cookies, like one browser tab."""

    def __init__(self, host: str, port: int):
        self.connection = http.client.HTTPConnection(host, port, timeout=60)
        self.cookies: dict[str, str] = {}

    def send(self, method: str, target: str, data: bytes = b"", headers: dict | None = None) -> tuple[int, bytes]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        for attempt in range(2):
            try:
                self.connection.request(method, target, body=data or None, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()  # the server may close a keep-alive connection after a 400
                if attempt:
                    raise
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, content


def csrf_of(html: bytes) -> str:
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1).decode() if found else ""


def sign_in(session: Session, user: str, password: str) -> None:
    _status, page = session.send("GET", "/accounts/login/")
    form = urlencode({"username": user, "password": password, "csrfmiddlewaretoken": csrf_of(page)}).encode()
    status, _ = session.send(
        "POST",
        "/accounts/login/",
        form,
        {"Content-Type": "application/x-www-form-urlencoded", "Referer": "http://127.0.0.1/accounts/login/"},
    )
    if status != 302:
        raise SystemExit(f"could not sign in as {user} (status {status})")


def one_request(rng: random.Random, session: Session, staff: Session | None, token: str, form: tuple[list[str], str]):
    """(method, path, status) of one generated request."""
    headers = {"X-Forwarded-For": f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"}
    choice = rng.random()
    if staff is not None and choice < 0.3:
        path = rng.choice(STAFF_PAGES)
        return "GET", path, staff.send("GET", f"{path}?{query(rng)}", headers=headers)[0]
    if choice < 0.65:
        segment = quote_from_bytes(hostile_value(rng), safe="") or "x"
        path = rng.choice(
            [*PUBLIC_PAGES, f"/s/{token}/", f"/s/{token}/thanks/", f"/s/{segment}/", f"/certificates/{segment}/"]
        )
        return (
            "GET",
            path,
            session.send("GET", f"{path}?{query(rng)}" if rng.random() < 0.7 else path, headers=headers)[0],
        )
    fields, csrf = form
    data, content_type = body(rng, fields, csrf)
    path = rng.choice([f"/s/{token}/"] * 6 + ["/accounts/login/", "/i18n/setlang/", "/admin/login/"])
    headers |= {"Content-Type": content_type, "Referer": "http://127.0.0.1/"}
    return "POST", path, session.send("POST", path, data, headers)[0]


def worker(index: int, args, counts: Counter, errors: Counter, lock: threading.Lock) -> None:
    rng = random.Random(args.seed * 1000 + index)
    host, port = args.address
    session = Session(host, port)
    _status, page = session.send("GET", f"/s/{args.token}/")
    fields = sorted(set(re.findall(rb'name="([^"]+)"', page)) - {b"csrfmiddlewaretoken"})
    form = ([name.decode() for name in fields], csrf_of(page))
    staff = None
    if args.user:
        staff = Session(host, port)
        sign_in(staff, args.user, args.password)
    for _ in range(args.requests // args.threads):
        method, path, status = one_request(rng, session, staff, args.token, form)
        with lock:
            counts[status] += 1
            if status >= 500:
                errors[f"{method} {path[:80]} -> {status}"] += 1


def loopback_address(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname not in LOOPBACK:
        raise SystemExit(f"refusing {url}: this fuzzer only talks to a server on this machine (http://127.0.0.1:PORT)")
    return parts.hostname, parts.port or 80


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--token", required=True, help="an open survey link's token (seed_demo prints one)")
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--user")
    parser.add_argument("--password", default="demo-pass-2026")
    args = parser.parse_args(argv)
    args.address = loopback_address(args.url)
    counts: Counter = Counter()
    errors: Counter = Counter()
    lock = threading.Lock()
    started = time.perf_counter()
    threads = [
        threading.Thread(target=worker, args=(index, args, counts, errors, lock)) for index in range(args.threads)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    total = sum(counts.values())
    print(f"{total} generated requests in {seconds:.1f} s ({total / seconds:.0f}/s)")
    print("status  count")
    for status, count in sorted(counts.items()):
        print(f"{status:>6}  {count}")
    server_errors = sum(count for status, count in counts.items() if status >= 500)
    print(f"server errors: {server_errors} (floor: 0)")
    for example, count in errors.most_common(20):
        print(f"  {count} x {example}")
    return 1 if server_errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
