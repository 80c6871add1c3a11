"""The assemblies' vocabulary: the states and kinds the rows, the rules module and the counting use."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Choice(models.TextChoices):
    FOR = "favorevole", _("Favorevole")
    AGAINST = "contrario", _("Contrario")
    ABSTAIN = "astenuto", _("Astenuto")


class MajorityKind(models.TextChoices):
    OF_PRESENT = "presenti", _("Maggioranza dei presenti")
    OF_VOTING = "votanti", _("Maggioranza dei votanti")
    ABSOLUTE = "assoluta", _("Maggioranza assoluta dei componenti")
    QUALIFIED = "qualificata", _("Maggioranza qualificata")
    UNANIMITY = "unanimita", _("Unanimità")


class TieRule(models.TextChoices):
    REJECTED = "respinta", _("In caso di parità la proposta è respinta")
    PRESIDENT_PREVAILS = "prevale_presidente", _("In caso di parità prevale il voto del presidente")


class Outcome(models.TextChoices):
    ADOPTED = "approvata", _("Approvata")
    REJECTED = "respinta", _("Respinta")
    NO_QUORUM = "mancanza_numero_legale", _("Seduta non valida: manca il numero legale")


class DecisionKind(models.TextChoices):
    """What an agenda item decides, as far as the majority it needs goes (each organ sets one per kind)."""

    ORDINARY = "ordinaria", _("Deliberazioni ordinarie")
    DISPUTE = "controversia", _("Controversie tra gli enti")
    PLAN = "programmazione", _("Piano di Zona, Piano Operativo e bilancio")
    REGULATION = "regolamento", _("Regolamenti e modifiche delle regole")
    APPOINTMENT = "nomina", _("Nomine ed elezioni")


class Weighting(models.TextChoices):
    ONE_EACH = "uno_per_ente", _("Un voto per ente")
    POPULATION = "popolazione", _("Ponderato sulla popolazione al 31/12 dell'anno precedente")
    QUOTAS = "quote", _("Quote stabilite per ciascun ente")


class CompositionKind(models.TextChoices):
    PER_SUBAMBITO = "per_subambito", _("Componenti per ciascun sub-ambito")
    PER_ETS_CATEGORY = "per_categoria_ets", _("Al più N rappresentanti per categoria del Terzo Settore")
    ADHERENTS_ONLY = "solo_aderenti", _("Solo enti aderenti all'accordo")


class SessionStatus(models.TextChoices):
    PLANNED = "programmata", _("Programmata")
    CONVENED = "convocata", _("Convocata")
    OPEN = "aperta", _("In corso")
    CLOSED = "chiusa", _("Conclusa")
    CANCELLED = "annullata", _("Annullata")


class Call(models.TextChoices):
    FIRST = "prima", _("Prima convocazione")
    SECOND = "seconda", _("Seconda convocazione")


class ItemSubject(models.TextChoices):
    FREE_TEXT = "testo", _("Proposta di deliberazione (testo libero)")
    AGREEMENT_TEXT = "testo_accordo", _("Approvazione del testo di un accordo")
    COMMUNICATION = "comunicazione", _("Comunicazione (senza voto)")
    MINUTES = "verbale", _("Approvazione del verbale di una seduta precedente")
    OPERATIVE_PLAN = "piano_operativo", _("Approvazione del Piano Operativo annuale")
    ANNUAL_REPORT = "relazione_annuale", _("Approvazione della relazione annuale")
    BUDGET = "bilancio", _("Approvazione del bilancio d'ambito o di una sua variazione")
    SUBAMBITO_QUOTA = "quota_subambito", _("Quota forfettaria annuale del sub-ambito")


class Presence(models.TextChoices):
    ROOM = "in_sala", _("In sala")
    REMOTE = "a_distanza", _("A distanza")


class Acting(models.TextChoices):
    HEAD = "titolare", _("Sindaco o legale rappresentante")
    DELEGATE = "delegato", _("Delegato dell'ente")


class Secrecy(models.TextChoices):
    OPEN = "palese", _("Voto palese")
    SECRET = "segreto", _("Voto segreto")


class VoteStatus(models.TextChoices):
    OPEN = "aperta", _("Votazione aperta")
    CLOSED = "chiusa", _("Votazione chiusa")
    ANNULLED = "annullata", _("Votazione annullata")


class MinutesRegime(models.TextChoices):
    """What an organ's minutes go through after the meeting (the act that set the organ up says which)."""

    SIGNED_APPROVED = (
        "firmato_approvato",
        _("Firmato dal presidente e dal segretario, approvato nella seduta successiva"),
    )
    SENT = (
        "inviato",
        _(
            "Redatto dal segretario scelto tra i presenti e inviato agli enti firmatari (senza firme né approvazione)"
        ),
    )


class MinutesStatus(models.TextChoices):
    PREPARING = "in_preparazione", _("Bozza in preparazione")
    DRAFT = "bozza", _("Bozza")
    FINAL = "definitivo", _("Testo definitivo: da firmare")
    SIGNED = "firmato", _("Firmato: da approvare")
    SENT = "inviato", _("Inviato agli enti")
    APPROVED = "approvato", _("Approvato")


class MinutesSigner(models.TextChoices):
    PRESIDENT = "presidente", _("Presidente")
    SECRETARY = "segretario", _("Segretario verbalizzante")


class ActKind(models.TextChoices):
    DELIBERATION = "deliberazione", _("Deliberazione")
    MINUTES = "verbale", _("Verbale di seduta")


class Deadline(models.TextChoices):
    """The yearly deadlines of the Accordo di Programma (seed 002, art. 13)."""

    OPERATIVE_PLAN = "piano_operativo", _("Piano Operativo annuale")
    ANNUAL_REPORT = "relazione_annuale", _("Relazione annuale")
