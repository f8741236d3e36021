"""Version 1 of the API, mounted at /api/v1/; its OpenAPI document is /api/v1/openapi.json.

A later, incompatible version gets its own module and mount point (api/v2.py at /api/v2/) beside this one.
"""

from ninja import NinjaAPI

from api import errors, invitations, open_data

api = NinjaAPI(
    title="ServiceCulture API",
    version="1",
    description="Invitations to resident surveys sent by other systems, and open data on service standards and "
    'results. Errors have one shape: {"errors": {"<field>": ["<message>"]}}.',
    urls_namespace="api_v1",
    openapi_url="/openapi.json",
    docs_url=None,  # the interactive page loads scripts from a CDN, which agency networks and our CSP refuse
)
errors.install(api)
api.add_router("", invitations.router)
api.add_router("", open_data.router)
