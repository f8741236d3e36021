"""What several families of training pages share: pages about one's own training, and sessions one attended."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.models import User
from django.http import Http404

from org.access import employee_of
from org.models import Employee
from training.models import CREDITED_STATUSES, Attendance, Session


class EmployeeRequiredMixin(LoginRequiredMixin):
    """Pages about one's own training: the signed-in user must be linked to an employee record."""

    employee: Employee  # the signed-in person's record, set by dispatch() before any handler runs

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            employee = employee_of(request.user)
            if employee is None:
                raise Http404("No employee record for this account.")
            self.employee = employee
        return super().dispatch(request, *args, **kwargs)


def attended_session(user: User, pk: int) -> tuple[Session, Attendance]:
    """A session the signed-in person attended, with their attendance (404 for anyone else)."""
    employee = employee_of(user)
    attendance = (
        Attendance.objects.filter(session_id=pk, employee=employee, status__in=CREDITED_STATUSES)
        .select_related("session__module_version")
        .first()
        if employee
        else None
    )
    if attendance is None:
        raise Http404("You did not attend this session.")
    return attendance.session, attendance
