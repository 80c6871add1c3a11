"""Existing organs get the managing body their founding act implies: a body's own organ (a consiglio
comunale) is managed by that body, an organ of one ambito by the ambito's capofila; an organ shared by
several ambiti stays without one (only an administrator edits it) until the seed loader names it."""

from django.db import migrations
from django.db.models import Count


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Organ = apps.get_model("governance", "Organ")
    for organ in Organ.objects.filter(organization__isnull=False, managing_body__isnull=True):
        organ.managing_body_id = organ.organization_id
        organ.save(update_fields=["managing_body"])
    single = Organ.objects.annotate(n=Count("ambiti")).filter(n=1, managing_body__isnull=True)
    for organ in single:
        organ.managing_body_id = organ.ambiti.get().capofila_id
        organ.save(update_fields=["managing_body"])


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("governance", "Organ").objects.update(managing_body=None)


class Migration(migrations.Migration):
    dependencies = [("governance", "0002_organ_managing_body")]
    operations = [migrations.RunPython(forwards, backwards)]
