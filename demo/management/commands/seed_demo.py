"""python manage.py seed_demo: an invented county with people, surveys, training, evaluations and reports.

Idempotent: everything is keyed on natural keys, so a second run finds it all and changes nothing.
"""

import random

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from demo.api import seed_api
from demo.evaluations import seed_evaluations
from demo.internal import seed_internal_survey
from demo.org import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_org
from demo.reports import seed_reports
from demo.retention import seed_retention
from demo.surveys import seed_surveys
from demo.training import seed_training
from demo.yousaid import seed_actions
from org.models import Employee
from serviceculture.links import absolute_url


class Command(BaseCommand):
    help = "Load the Harbor County demo data (refuses to run with DEBUG off unless --force)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off (never on a live system).")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates demo accounts with a published password. DEBUG is off, so this looks like a "
                "live system: refusing. Use --force if you really mean it."
            )
        rng = random.Random(2026)  # the same county every time
        with transaction.atomic():
            seed_org(rng)
            surveys = seed_surveys(rng)
            seed_reports(rng)
            training = seed_training(rng)
            evaluations = seed_evaluations(rng)
            # its own generator, so the rest of the demo county stays as it was before internal customers
            internal = seed_internal_survey(random.Random(2611))
            seed_retention()
            seed_actions()
            api_secret = seed_api()
        # Last: fill the report tables so the dashboards show the demo data right away (a second seed changes
        # nothing, so it leaves them as they are).
        call_command("compute_metrics", "--full", "--if-changed", stdout=self.stdout)
        self.print_summary()
        if surveys["link"]:
            self.stdout.write(
                f"Resident survey link ({surveys['link'].service_point.name}): {surveys['link'].public_url}"
            )
            self.stdout.write(f"The same link's short address, as printed on its poster: {surveys['link'].short_url}")
        self.stdout.write(
            f'Internal customers: {internal.responses.count()} staff answers to "{internal.title_en}", on the '
            "dashboards and in the annual report, apart from the residents' figures."
        )
        self.stdout.write(
            f"Training: {training['modules']} modules, {training['sessions']} sessions, "
            f"{training['ambassadors']} ambassadors."
        )
        self.stdout.write(
            f"Evaluations: {evaluations['closed'].name} (closed, certified, pay computed); "
            f"{evaluations['open'].name} (open, every state): {absolute_url('/evaluations/')}"
        )
        if api_secret:
            self.stdout.write(
                f"API token of the demo permit system (shown this once; see {absolute_url('/accounts/api-tokens/')}): "
                f"{api_secret}"
            )
        if training["verification_url"]:
            self.stdout.write(f"Certificate check (Elena Marsh): {absolute_url(training['verification_url'])}")
        if training["workshop"]:
            workshop = training["workshop"]
            self.stdout.write(
                f"Workshop open to join with the code {workshop.workshop_code}: {absolute_url('/w/')} "
                f"(live page {absolute_url(reverse('training:workshop', args=[workshop.pk]))})"
            )

    def print_summary(self):
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD}):")
        for username, first, last, _number, _code, title, _grade, roles, _su in DEMO_ACCOUNTS:
            role_names = ", ".join(role.value for role in roles)
            self.stdout.write(f"  {username:<9} {first} {last}, {title} [{role_names}]")
        people = Employee.objects.exclude(user__username__in=[account[0] for account in DEMO_ACCOUNTS])
        example = people.filter(user__isnull=False).select_related("user").order_by("employee_number").first()
        self.stdout.write(
            f"Every other demo employee ({people.count()}) signs in as first.last"
            + (f" (e.g. {example.user.username}, {example.job_title})" if example and example.user else "")
            + f" with the same password, as an Employee. Usernames are listed at {absolute_url('/org/employees/')}"
            " (sign in as hr or admin)."
        )
