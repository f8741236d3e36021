# django-axes counted sign-in failures in these tables with each client's address and user agent. Failures are
# counted in the cache now (accounts/adapter.py) and no address is kept anywhere, so the tables go, with what
# they held. IF EXISTS: a database created after axes left never had them.
from django.db import migrations

AXES_TABLES = ["axes_accessattemptexpiration", "axes_accessattempt", "axes_accessfailurelog", "axes_accesslog"]


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_invitations_and_uploads")]

    operations = [
        *(migrations.RunSQL(f"DROP TABLE IF EXISTS {table}", reverse_sql=migrations.RunSQL.noop) for table in AXES_TABLES),
        migrations.RunSQL("DELETE FROM django_migrations WHERE app = 'axes'", reverse_sql=migrations.RunSQL.noop),
    ]
