"""Program certificates follow completions: awarded when a program's required modules are all complete,
withdrawn (never deleted: it may be printed) when a correction takes away a completion it rested on, and
reinstated when the same completions come back. Who made the correction is recorded on the withdrawal."""

from collections import defaultdict
from collections.abc import Collection
from datetime import date

from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone

from serviceculture.dates import add_months
from training.models import Certificate, ModuleCompletion, Program


def award_certificates_for(employee_ids: Collection[int], *, today: date) -> None:
    """Certify the employees as ambassadors of every program whose required modules they completed.

    Without a renewal period a certificate is for good and is issued once. With one, a new certificate
    needs every module completed again after the last certificate was issued, each within the renewal
    period. The certificate is dated the day the set became complete (completions up to `today` count).
    A fixed number of queries however many employees. Runs inside the caller's transaction.
    """
    employee_ids = set(employee_ids)
    programs = [
        program for program in Program.objects.prefetch_related("program_modules") if program.program_modules.all()
    ]
    required = {module.module_id for program in programs for module in program.program_modules.all()}
    if not employee_ids or not required:
        return
    last_standing = {
        (certificate.employee_id, certificate.program_id): certificate
        for certificate in Certificate.objects.standing().filter(employee_id__in=employee_ids).order_by("issued_on")
    }
    days = defaultdict(list)
    for employee_id, module_id, day in ModuleCompletion.objects.filter(
        employee_id__in=employee_ids, module_version__module_id__in=required, completed_on__lte=today
    ).values_list("employee_id", "module_version__module_id", "completed_on"):
        days[employee_id, module_id].append(day)
    earned = [
        certificate
        for employee_id in employee_ids
        for program in programs
        if (certificate := _earned(employee_id, program, days, last_standing.get((employee_id, program.pk)), today))
    ]
    if not earned:
        return
    Certificate.objects.bulk_create(earned, ignore_conflicts=True)
    # The same completions restored (attendance corrected back) reinstate the certificate they had earned.
    same_day = Q()
    for certificate in earned:
        same_day |= Q(employee_id=certificate.employee_id, program=certificate.program, issued_on=certificate.issued_on)
    Certificate.objects.filter(same_day, withdrawn_at__isnull=False).update(
        withdrawn_at=None, withdrawal_reason="", withdrawn_by=None, updated_at=timezone.now()
    )


def _earned(
    employee_id: int, program: Program, days: dict, last: Certificate | None, today: date
) -> Certificate | None:
    """The certificate the employee's completion days earn in the program, or None."""
    if last and not program.renewal_months:
        return None
    window_opens = add_months(today, -program.renewal_months) if program.renewal_months else None
    first_by_module = {}
    for link in program.program_modules.all():
        counted = [
            day
            for day in days[employee_id, link.module_id]
            if (last is None or day > last.issued_on) and (window_opens is None or day > window_opens)
        ]
        if not counted:
            return None
        first_by_module[link.module_id] = min(counted)
    issued_on = max(first_by_module.values())
    expires_on = add_months(issued_on, program.renewal_months) if program.renewal_months else None
    return Certificate(employee_id=employee_id, program=program, issued_on=issued_on, expires_on=expires_on)


def withdraw_certificates_resting_on(
    *, module_id: int, employee_ids: Collection[int], completed_on: date, reason: str, by: User
) -> None:
    """After completions of a module were taken back: withdraw the standing certificates that needed them.

    A certificate still stands when another completion of the module falls inside its window
    (on or before its issue date, and within the renewal period before it). Runs inside the caller's
    transaction; `by` is the person whose correction took the completions back.
    """
    certificates = list(
        Certificate.objects.standing()
        .filter(
            employee_id__in=employee_ids, issued_on__gte=completed_on, program__program_modules__module_id=module_id
        )
        .select_related("program")
    )
    if not certificates:
        return
    remaining = defaultdict(list)
    for employee_id, day in ModuleCompletion.objects.filter(
        employee_id__in=employee_ids, module_version__module_id=module_id
    ).values_list("employee_id", "completed_on"):
        remaining[employee_id].append(day)
    unsupported = [
        certificate.pk
        for certificate in certificates
        if not any(_inside_window(day, certificate) for day in remaining[certificate.employee_id])
    ]
    now = timezone.now()
    Certificate.objects.filter(pk__in=unsupported).update(
        withdrawn_at=now, withdrawal_reason=reason, withdrawn_by=by, updated_at=now
    )


def _inside_window(day: date, certificate: Certificate) -> bool:
    renewal = certificate.program.renewal_months
    return day <= certificate.issued_on and (not renewal or day > add_months(certificate.issued_on, -renewal))
