"""Who is asking, as far as rate limits need to know: the client's address, only ever kept as a salted hash.

Behind a reverse proxy every request comes from the proxy, so settings.CLIENT_ADDRESS_HEADER names the header
it writes; of a list (X-Forwarded-For) the last entry is the one our proxy added, the others are the client's
own word. The hash (salted with RATE_LIMIT_SALT) keys a count in the cache and is never stored elsewhere.
"""

import hashlib

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    forwarded = str(request.META.get(settings.CLIENT_ADDRESS_HEADER, ""))
    return forwarded.split(",")[-1].strip() or str(request.META.get("REMOTE_ADDR", ""))


def salted_hash(*parts: str) -> str:
    """A key that names an address (with what it is counted for) without revealing it."""
    return hashlib.sha256(":".join([settings.RATE_LIMIT_SALT, *parts]).encode()).hexdigest()


def rate_limit_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit's key for people without an account (residents, workshop participants): a salted hash of
    the client address."""
    return salted_hash(client_address(request))
