import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from org.models import Department, Employee, ServicePoint, ServiceStandard


def _snapshot() -> dict:
    from django.apps import apps

    return {
        model._meta.label: sorted(
            map(str, model._default_manager.values_list(*[f.attname for f in model._meta.concrete_fields]))
        )
        for model in apps.get_models()
        if model._meta.app_label in {"org", "surveys", "training", "evaluations", "reports", "auth"}
        and model._meta.model_name != "user"
    }


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refusing"):
        call_command("seed_demo")


@pytest.mark.django_db
def test_seed_demo_builds_the_county_and_is_idempotent(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    output = capsys.readouterr().out
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first

    assert Department.objects.count() >= 8
    assert Department.objects.filter(depth=2).exists()  # three levels
    assert 70 <= Employee.objects.count() <= 100
    channels = set(ServicePoint.objects.values_list("channel", flat=True))
    assert channels == {"counter", "phone", "email", "web", "field", "mail", "chat"}
    assert ServiceStandard.objects.published().exists()
    for username in ("admin", "hr", "head", "trainer", "employee"):
        assert User.objects.get(username=username).check_password("demo-pass-2026"), username
        assert username in output
    head = Employee.objects.get(user__username="head")
    assert head.headed_departments.get().children.exists()


@pytest.mark.django_db
def test_seed_demo_with_force_runs_with_debug_off(settings):
    settings.DEBUG = False
    call_command("seed_demo", "--force")
    assert Employee.objects.filter(user__username="employee").exists()
