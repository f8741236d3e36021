"""Open links get a short code a resident can type from a poster (/s/K7QM); existing open links get theirs
here. Single-use links get none (surveys/services/links.py says why)."""

import secrets

import django.db.models.functions.text
from django.db import migrations, models

# Copied from surveys/services/links.py: a migration must keep working when the service changes.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 4


def give_open_links_codes(apps, schema_editor):
    SurveyLink = apps.get_model("surveys", "SurveyLink")
    taken = set(SurveyLink.objects.exclude(code=None).values_list("code", flat=True))
    links = list(SurveyLink.objects.filter(kind="open", code=None).only("pk"))
    for link in links:
        code = ""
        while not code or code in taken:
            code = "".join(secrets.choice(CODE_ALPHABET) for _index in range(CODE_LENGTH))
        taken.add(code)
        link.code = code
    SurveyLink.objects.bulk_update(links, ["code"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0009_invitations"),
    ]

    operations = [
        migrations.AddField(
            model_name="surveylink",
            name="code",
            field=models.CharField(
                blank=True, editable=False, max_length=6, null=True, unique=True, verbose_name="short code"
            ),
        ),
        migrations.RunPython(give_open_links_codes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="surveylink",
            constraint=models.CheckConstraint(
                condition=models.Q(("code__isnull", True), ("code", django.db.models.functions.text.Upper("code")), _connector="OR"),
                name="link_code_in_capitals",
            ),
        ),
    ]
