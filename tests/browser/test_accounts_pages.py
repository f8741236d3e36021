"""The audit trail in a real browser: readable, filterable, and accessible (axe-core)."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from accounts.audit import record
from accounts.models import AuditAction, AuditEvent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_program_admin_reads_and_filters_the_audit_trail(page, live_server, org, sign_in, axe_violations, screenshot):
    now = timezone.now()
    events: list[tuple[AuditAction, Any, str, dict[str, Any]]] = [
        (
            AuditAction.EXPORTED,
            org.head_user,
            "Survey responses, XLSX",
            {"survey": "3", "format": "xlsx", "rows": 120},
        ),
        (
            AuditAction.PRINTED,
            org.hr_user,
            "Evaluation of Walter Worker, FY2026 (PDF), prepared as a job",
            {"evaluation": 12, "format": "pdf", "job": 4},
        ),
        (AuditAction.SIGNED_IN, org.hr_user, "", {}),
        (
            AuditAction.ROLES_CHANGED,
            org.admin_user,
            "Roles of trainer changed",
            {"added": ["HR staff"], "removed": []},
        ),
    ]
    for minutes, (action, by, summary, details) in enumerate(events):
        made = record(action, by=by, summary=summary, details=details)
        AuditEvent.objects.filter(pk=made.pk).update(at=now - timedelta(minutes=10 * minutes))
    record(AuditAction.SIGN_IN_FAILED, by=None, username="<b>mallory</b>", details={"reason": "wrong password"})
    sign_in(page, live_server, "admin")
    page.get_by_role("button", name="People").click()  # the People menu holds the program admin's pages
    page.get_by_role("link", name="Audit trail").click()
    assert page.get_by_role("heading", name="Audit trail").is_visible()
    assert page.get_by_text("rows: 120").is_visible() and page.get_by_text("<b>mallory</b>").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "audit-trail")
    page.select_option("#id_action", "exported")
    page.get_by_role("button", name="Filter").click()
    assert page.locator("tbody tr").count() == 1 and page.get_by_text("Survey responses, XLSX").is_visible()
