from django.db import migrations

NEW_ROLE_NAMES = ["Customer relations representative", "Training coordinator"]


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in NEW_ROLE_NAMES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("org", "0002_roles")]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
