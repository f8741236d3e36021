"""Version 1 of the API, mounted at /api/v1/; its OpenAPI document is /api/v1/openapi.json.

A later, incompatible version gets its own module and mount point (api/v2.py at /api/v2/) beside this one.
"""

import json

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from api import errors, invitations, open_data, responses
from api.security import limit_anonymous

api = NinjaAPI(
    title="ServiceCulture API",
    version="1",
    description="Invitations to resident surveys sent by other systems, residents' responses read by those systems "
    "within their token's service points, and open data on service standards and "
    'results. Errors have one shape: {"errors": {"<field>": ["<message>"]}}.',
    urls_namespace="api_v1",
    # Served below instead, rate limited and cacheable like every anonymous endpoint.
    openapi_url=None,
    docs_url=None,  # the interactive page loads scripts from a CDN, which agency networks and our CSP refuse
)
errors.install(api)
api.add_router("", invitations.router)
api.add_router("", open_data.router)
api.add_router("", responses.router)


@api.get("/openapi.json", include_in_schema=False, url_name="openapi-json")
def openapi_document(request: HttpRequest) -> HttpResponse:
    """The OpenAPI 3.1 document of this version."""
    limit_anonymous(request, group="api.openapi")
    response = HttpResponse(json.dumps(api.get_openapi_schema()), content_type="application/json")
    open_data.cacheable(response)
    return response
