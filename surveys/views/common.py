"""What the survey pages share: who may use them, and the surveys and service points a person may pick.

Access is org.access's: each page names its `allowed_roles` and fetches its objects through
`get_visible_or_404` or a scoped queryset."""

from org.access import get_visible_or_404, visible_departments
from org.models import ServicePoint
from org.roles import Role
from surveys.models import Survey

BUILDERS = (Role.PROGRAM_ADMIN,)
INBOX_ROLES = (Role.PROGRAM_ADMIN, Role.DEPARTMENT_HEAD)
# The follow-up list, a response's page and recording what was done: also customer relations representatives,
# whose scope (org.access) holds only the residents who asked to be contacted in the departments they represent.
FOLLOW_UP_ROLES = (*INBOX_ROLES, Role.CUSTOMER_RELATIONS)


def visible_survey(request, pk: int) -> Survey:
    return get_visible_or_404(Survey.objects.all(), request.user, pk=pk)


def active_service_points(user):
    return ServicePoint.objects.filter(department__in=visible_departments(user), active=True).select_related(
        "department"
    )
