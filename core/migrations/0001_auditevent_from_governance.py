"""The audit trail moves from governance to core with its rows: the table keeps its name
(governance_auditevent), only Django's state changes; the content type is renamed so that permissions follow."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def rename_content_type(apps, schema_editor, old="governance", new="core"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model="auditevent").exists():
        ContentType.objects.filter(app_label=old, model="auditevent").update(app_label=new)


def restore_content_type(apps, schema_editor):
    rename_content_type(apps, schema_editor, old="core", new="governance")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("governance", "0003_organ_managing_body_data"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("action", models.CharField(choices=[("create", "Creazione"), ("update", "Modifica"), ("delete", "Eliminazione"), ("import", "Importazione")], max_length=16)),
                        ("object_id", models.CharField(max_length=64)),
                        ("object_repr", models.CharField(max_length=255)),
                        ("changes", models.JSONField(blank=True, default=dict)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="contenttypes.contenttype")),
                    ],
                    options={
                        "verbose_name": "evento di audit",
                        "verbose_name_plural": "eventi di audit",
                        "db_table": "governance_auditevent",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [models.Index(fields=["content_type", "object_id"], name="governance__content_8f0125_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_type, restore_content_type),
    ]
