"""deploy/Caddyfile, run by Debian's Caddy in front of a stand-in for gunicorn that echoes what it received:
what the app may believe about a request, and what the proxy writes down about it."""

import http.client
import http.server
import json
import ssl
import threading

import pytest

from tests.production.client import CLIENT_ADDRESS, USER_AGENT, Browser
from tests.production.servers import start_caddy
from tests.servers import free_port, stop

pytestmark = pytest.mark.production
TOKEN = "Xq7ResidentsOwnToken"


class EchoUpstream(http.server.BaseHTTPRequestHandler):
    """Answers with the request headers it got, as an HTML page long enough to be worth compressing;
    hangs up without answering on /s/<token>/ so that the proxy has an error to report."""

    def do_GET(self) -> None:
        if self.path.startswith("/s/"):
            self.close_connection = True
            return
        body = f"<!doctype html><pre>{json.dumps(dict(self.headers.items()))}</pre>{'<p>padding</p>' * 200}"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body.encode())))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("proxy")
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EchoUpstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    https_port, http_port = free_port(), free_port()
    try:
        caddy, root = start_caddy(
            folder, upstream=f"127.0.0.1:{upstream.server_port}", https_port=https_port, http_port=http_port
        )
        try:
            yield {
                "browser": Browser(f"https://localhost:{https_port}", root_certificate=root),
                "http_port": http_port,
                "https_port": https_port,
                "root": root,
                "log": folder / "caddy.log",
                "caddy": caddy,
            }
        finally:
            stop(caddy)
    finally:
        upstream.shutdown()
        upstream.server_close()


def received_headers(page) -> dict[str, str]:
    return json.loads(page.text.split("<pre>", 1)[1].split("</pre>", 1)[0])


def test_the_app_hears_the_clients_real_address_in_one_header_a_client_cannot_forge(proxy):
    page = proxy["browser"].get(
        "/", headers={"X-Real-IP": "203.0.113.9", "X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "http"}
    )
    headers = {name.lower(): value for name, value in received_headers(page).items()}
    assert headers["x-real-ip"] == CLIENT_ADDRESS
    assert "x-forwarded-for" not in headers
    # Django's SECURE_PROXY_SSL_HEADER: only the proxy says whether the request came over TLS.
    assert headers["x-forwarded-proto"] == "https"


def test_pages_are_served_compressed_over_tls(proxy):
    page = proxy["browser"].get("/")
    assert page.status == 200 and page.compressed
    assert page.headers["Content-Type"].startswith("text/html")


def test_a_body_far_larger_than_any_form_is_refused_by_the_proxy_before_it_reaches_gunicorn(proxy):
    connection = http.client.HTTPSConnection(
        "localhost", proxy["https_port"], timeout=20, context=ssl.create_default_context(cafile=str(proxy["root"]))
    )
    connection.putrequest("POST", "/s/anything/")
    connection.putheader("Content-Type", "application/x-www-form-urlencoded")
    connection.putheader("Content-Length", str(11_000_000))
    connection.endheaders()
    try:
        for _ in range(11):  # the proxy may stop reading (and answer) before the whole body is sent
            connection.send(b"x" * 1_000_000)
    except OSError:
        pass
    assert connection.getresponse().status == 413
    connection.close()


def test_a_visit_over_plain_http_is_redirected_to_https_before_reaching_the_app(proxy):
    connection = http.client.HTTPConnection("127.0.0.1", proxy["http_port"], timeout=10)
    connection.request("GET", "/standards/", headers={"Host": "localhost"})
    response = connection.getresponse()
    assert response.status in (301, 308)
    assert response.headers["Location"].startswith("https://localhost")
    connection.close()


def test_when_the_app_fails_the_proxys_log_says_so_without_the_clients_address_agent_or_token(proxy):
    page = proxy["browser"].get(f"/s/{TOKEN}/")
    assert page.status == 502
    log = proxy["log"].read_text()
    assert "http.log.error" in log  # the failure itself is on record
    for secret in (CLIENT_ADDRESS, USER_AGENT, "ProductionShapeProbe", TOKEN):
        assert secret not in log
