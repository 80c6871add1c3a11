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


class RuntsSection(models.TextChoices):
    """The sections of the Registro Unico Nazionale del Terzo Settore (D.Lgs. 117/2017, art. 46)."""

    ODV = "a", _("a) Organizzazioni di volontariato")
    APS = "b", _("b) Associazioni di promozione sociale")
    PHILANTHROPIC = "c", _("c) Enti filantropici")
    SOCIAL_ENTERPRISE = "d", _("d) Imprese sociali, incluse le cooperative sociali")
    NETWORK = "e", _("e) Reti associative")
    MUTUAL_AID = "f", _("f) Società di mutuo soccorso")
    OTHER = "g", _("g) Altri enti del Terzo settore")


class GroupingKind(models.TextChoices):
    SINGLE = "singolo", _("Ente singolo")
    FORMED = "raggruppamento_costituito", _("Raggruppamento costituito")
    TO_FORM = "raggruppamento_costituendo", _("Raggruppamento costituendo")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "presentata", _("Presentata")
    ADMITTED = "ammessa", _("Ammessa alla valutazione")
    EXCLUDED = "esclusa", _("Esclusa")
    SELECTED = "scelta", _("Scelta come partner")
    NOT_SELECTED = "non_scelta", _("Non scelta")


class CommissionRole(models.TextChoices):
    PRESIDENT = "presidente", _("Presidente")
    MEMBER = "componente", _("Componente")
    SECRETARY = "segretario", _("Segretario verbalizzante")


class PartnershipStatus(models.TextChoices):
    NEGOTIATION = "negoziazione", _("Convenzione in negoziazione")
    ACTIVE = "attiva", _("Convenzione sottoscritta: attività in corso")
    STOPPED = "cessata", _("Attività cessate")
    ENDED = "conclusa", _("Conclusa")


class CoFinancingKind(models.TextChoices):
    MONEY = "monetario", _("Monetario")
    IN_KIND = "non_monetario", _("Non monetario (in natura)")


class ExpenseStatus(models.TextChoices):
    SUBMITTED = "presentata", _("Presentata")
    UNDER_REVIEW = "in_istruttoria", _("In istruttoria")
    APPROVED = "approvata", _("Approvata")
    REDUCED = "ridotta", _("Approvata con riduzioni")
    PAID = "liquidata", _("Liquidata")


class ExpenseCategory(models.TextChoices):
    PERSONNEL = "personale", _("Personale")
    SERVICES = "servizi", _("Servizi e consulenze")
    GOODS = "beni", _("Beni e materiali")
    PREMISES = "sedi", _("Sedi, affitti e utenze")
    TRAVEL = "trasferte", _("Trasferte")
    MANAGEMENT = "gestionali", _("Spese gestionali (quota forfettaria)")
    OTHER = "altro", _("Altro")
