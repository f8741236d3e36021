from org.access import roles_of
from org.roles import Role


def roles(request):
    """Lets templates show each role what it can use: `{% if roles.hr %}`."""
    held = roles_of(request.user) if hasattr(request, "user") else frozenset()
    return {
        "roles": {
            "program_admin": Role.PROGRAM_ADMIN in held,
            "hr": Role.HR in held,
            "department_head": Role.DEPARTMENT_HEAD in held,
            "trainer": Role.TRAINER in held,
            "employee": Role.EMPLOYEE in held,
            "customer_relations": Role.CUSTOMER_RELATIONS in held,
            "training_coordinator": Role.TRAINING_COORDINATOR in held,
            "any": bool(held),
        }
    }
