"""The values co-progettazione rows take. Only the models and coprogettazione/rules.py spell them out."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcedureStatus(models.TextChoices):
    PREPARATION = "preparazione", _("In preparazione")
    CALL_OPEN = "avviso_aperto", _("Avviso pubblicato: candidature aperte")
    EVALUATION = "valutazione", _("Valutazione delle candidature")
    PARTNERSHIPS = "convenzioni", _("Partner scelti: convenzioni in corso")
    RUNNING = "in_corso", _("In corso")
    CLOSED = "conclusa", _("Conclusa")


class ActKind(models.TextChoices):
    DETERMINATION = "determina", _("Determinazione dirigenziale")
    COUNCIL_EXECUTIVE = "delibera_giunta", _("Deliberazione di Giunta comunale")
    COUNCIL = "delibera_consiglio", _("Deliberazione di Consiglio comunale")
    ASSEMBLY = "assemblea_sindaci", _("Assemblea dei Sindaci")
    COMMISSION = "commissione", _("Commissione consiliare")
    OTHER = "altro", _("Altro")


class MeetingKind(models.TextChoices):
    INTRODUCTORY = "introduttiva", _("Giornata di lavoro introduttiva")
    THEMATIC = "gruppo_tematico", _("Incontri dei gruppi tematici")
    PLENARY = "plenaria", _("Incontri in plenaria di restituzione e confronto")
    TECHNICAL_POLITICAL = "tecnico_politico", _("Incontri tecnico/politici")
