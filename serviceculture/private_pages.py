"""Pages for one person are never kept by a browser or a proxy.

A counter computer is shared: after a clerk signs out, the next person must not get an evaluation, a salary
or a download back from the browser's cache or history. Every response to a request that carries a session
(everyone signed in has one) or that starts or ends one (signing in, signing out) is sent with
`Cache-Control: private, no-store`, whatever the view said. Anonymous public pages (the standards page, a
resident's survey link) and static files (served by WhiteNoise before this runs) keep their own caching.

The session is judged by its key, which is read from the cookie without loading the session: asking
`request.user` here would touch the session of every anonymous page and add `Vary: Cookie` to it.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

PRIVATE = "private, no-store"


class PrivatePagesNotCached:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if _has_session(request) or settings.SESSION_COOKIE_NAME in response.cookies:
            response["Cache-Control"] = PRIVATE
            # An Expires date in the past, as never_cache sets, is for HTTP/1.0 caches; no-store says it all.
            if response.has_header("Expires"):
                del response["Expires"]
        return response


def _has_session(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return session is not None and session.session_key is not None
