"""A plain HTTPS client for the production tests: a cookie jar, Caddy's root certificate, and a source
address of its own (127.0.0.7), so the logs can be searched for the client's address without finding the
servers' own 127.0.0.1."""

import functools
import gzip
import http.client
import http.cookiejar
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

CLIENT_ADDRESS = "127.0.0.7"
USER_AGENT = "Mozilla/5.0 (ResidentPhone; ProductionShapeProbe/2026)"


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, name, value)


class _Reader(HTMLParser):
    """Links, static files (stylesheets, scripts, images) and forms of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.assets: list[str] = []
        self.forms: list[Form] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "link" and attributes.get("href") and attributes.get("rel") in ("stylesheet", "icon", "preload"):
            self.assets.append(attributes["href"])
        elif tag in ("script", "img") and attributes.get("src"):
            self.assets.append(attributes["src"])
        elif tag == "form":
            self.forms.append(Form(action=attributes.get("action", ""), method=attributes.get("method", "get").lower()))
        elif tag == "input" and self.forms and attributes.get("name"):
            self.forms[-1].fields.append(
                (attributes.get("type", "text"), attributes["name"], attributes.get("value", ""))
            )
        elif tag == "textarea" and self.forms and attributes.get("name"):
            self._textarea = attributes["name"]
            self.forms[-1].fields.append(("textarea", attributes["name"], ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None


@dataclass
class Page:
    url: str
    status: int
    headers: dict[str, str]
    text: str
    compressed: bool

    @functools.cached_property
    def _read(self) -> _Reader:
        reader = _Reader()
        reader.feed(self.text)
        return reader

    @property
    def path(self) -> str:
        return urllib.parse.urlsplit(self.url).path

    @property
    def links(self) -> list[str]:
        return self._read.links

    @property
    def assets(self) -> list[str]:
        return self._read.assets

    @property
    def forms(self) -> list[Form]:
        return self._read.forms


class _HTTPSFromAddress(urllib.request.HTTPSHandler):
    def __init__(self, context: ssl.SSLContext, source_address: str) -> None:
        super().__init__(context=context)
        self._ssl_context = context
        self._source_address = (source_address, 0)

    def https_open(self, request):
        connection = functools.partial(http.client.HTTPSConnection, source_address=self._source_address)
        return self.do_open(connection, request, context=self._ssl_context)


class Browser:
    """One person's visit: cookies kept, redirects followed, responses of any status returned."""

    def __init__(self, base_url: str, *, root_certificate: Path) -> None:
        self.base_url = base_url.rstrip("/")
        context = ssl.create_default_context(cafile=str(root_certificate))
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(
            _HTTPSFromAddress(context, CLIENT_ADDRESS), urllib.request.HTTPCookieProcessor(self.cookies)
        )

    def url(self, path: str) -> str:
        return urllib.parse.urljoin(self.base_url + "/", path)

    def get(self, path: str, *, headers: dict[str, str] | None = None) -> Page:
        return self._open(urllib.request.Request(self.url(path), headers=headers or {}))

    def post(self, path: str, data: list[tuple[str, str]], *, referer: str) -> Page:
        # Django checks the Referer of HTTPS form posts the way a browser sends it.
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.url(path), data=body, method="POST", headers={"Referer": referer})
        return self._open(request)

    def _open(self, request: urllib.request.Request) -> Page:
        request.add_header("User-Agent", USER_AGENT)
        request.add_header("Accept-Encoding", "gzip")
        try:
            response = self._opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            body = response.read()
            compressed = response.headers.get("Content-Encoding") == "gzip"
            if compressed:
                body = gzip.decompress(body)
            return Page(
                url=response.url,
                status=response.status,
                headers=dict(response.headers),
                text=body.decode("utf-8", "replace"),
                compressed=compressed,
            )

    def sign_in(self, username: str, password: str) -> Page:
        login = self.get("/accounts/login/")
        form = next(form for form in login.forms if any(name == "password" for _, name, _ in form.fields))
        token = next(value for _, name, value in form.fields if name == "csrfmiddlewaretoken")
        return self.post(
            "/accounts/login/",
            [("csrfmiddlewaretoken", token), ("login", username), ("password", password)],
            referer=login.url,
        )
