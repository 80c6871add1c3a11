"""The audit trail now lives in core (core/migrations/0001): governance forgets the model, the table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0003_organ_managing_body_data"),
        ("core", "0001_auditevent_from_governance"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEvent")],
            database_operations=[],
        ),
    ]
