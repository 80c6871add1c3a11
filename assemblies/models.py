"""The assemblies' vocabulary. The rows (organ rules, sessions, attendance, votes, deliberations) come with the
next parts of the assemblies issue; the counting rules (assemblies/counting.py) already use these choices."""

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
