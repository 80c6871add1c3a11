"""The values the budget's rows take: sources of the Fondo Unico Distrettuale and the states of a version,
a report and a quota. Only the models and budgets/rules.py spell them out."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundSource(models.TextChoices):
    """The parts of the Fondo Unico Distrettuale (Accordo di Programma 2012, art. 15)."""

    FSOL = "fsol", _("F.SOL – Fondo di Solidarietà dei comuni")
    FNPS = "fnps", _("FNPS – Fondo Nazionale Politiche Sociali")
    FSR = "fsr", _("FSR – Fondo Sociale Regionale")
    PROVINCIAL = "provinciale", _("Stanziamenti provinciali")
    REGIONAL = "regionale", _("Altri fondi regionali")
    STATE = "statale", _("Altri fondi statali")
    EUROPEAN = "europeo", _("Fondi europei")
    COMMUNITY = "comunita", _("Risorse della comunità locale (anche non monetarie)")


class VersionStatus(models.TextChoices):
    DRAFT = "bozza", _("Bozza")
    APPROVED = "approvata", _("Approvata (in vigore)")
    SUPERSEDED = "sostituita", _("Sostituita da una variazione")


class ReportStatus(models.TextChoices):
    DRAFT = "bozza", _("Bozza")
    APPROVED = "approvata", _("Approvata")


class QuotaStatus(models.TextChoices):
    DRAFT = "bozza", _("Proposta")
    DECIDED = "deliberata", _("Deliberata dall'assemblea")
