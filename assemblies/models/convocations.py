"""The convocation letter (a PDF the worker renders, signed by the president), what was sent to whom and when,
and the secret addresses of the calendar feeds."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import SignatureMethod
from assemblies.models.sessions import Session
from core.models import KeptEmail, TimeStampedModel
from documents.models import ChainSignature, RenderJob
from governance.models import Organ, Organization, Person, User


class Convocation(TimeStampedModel, RenderJob):
    """The letter for one state of the session (its SEQUENCE): a change after convening is a new letter."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="convocations")
    sequence = models.PositiveIntegerField(_("versione dell'invito"))
    file = models.FileField(_("file PDF"), upload_to="convocazioni/%Y/", blank=True)
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["session", "-sequence"]
        verbose_name = _("lettera di convocazione")
        verbose_name_plural = _("lettere di convocazione")
        constraints = [
            models.UniqueConstraint(fields=["session", "sequence"], name="convocation_one_per_sequence"),
        ]

    def __str__(self) -> str:
        return _("Convocazione: %(session)s (versione %(n)d)") % {"session": self.session, "n": self.sequence}


class ConvocationSignature(ChainSignature):
    """The president's signature over the letter (a chain of one, through documents/chain.py)."""

    convocation = models.OneToOneField(Convocation, on_delete=models.PROTECT, related_name="signature")
    signer = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("firmatario")
    )
    method = models.CharField(_("modalità"), max_length=16, choices=SignatureMethod.choices)
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("firma della convocazione")
        verbose_name_plural = _("firme delle convocazioni")

    def __str__(self) -> str:
        return f"{self.signer_name} — {self.convocation}"


class DeliveryKind(models.TextChoices):
    INVITATION = "convocazione", _("Convocazione")
    UPDATE = "aggiornamento", _("Aggiornamento della convocazione")
    CANCELLATION = "annullamento", _("Annullamento della seduta")
    MINUTES = "verbale", _("Verbale della riunione")


class DeliveryStatus(models.TextChoices):
    SENT = "inviato", _("Inviato: accettato dal server")
    KEPT = "trattenuto", _("Trattenuto nell'applicazione (nessun server SMTP)")
    FAILED = "non_riuscito", _("Non riuscito")


class Channel(models.TextChoices):
    PEC = "pec", _("PEC")
    EMAIL = "email", _("E-mail")
    NONE = "nessuno", _("Nessun indirizzo")


class Delivery(models.Model):
    """One message to one recipient (a member or invited body, or a person seated alone): when, where, and the
    mail server's answer."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="deliveries")
    convocation = models.ForeignKey(
        Convocation, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    kind = models.CharField(_("tipo"), max_length=16, choices=DeliveryKind.choices)
    sequence = models.PositiveIntegerField(_("versione dell'invito"))
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ente"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("persona")
    )
    channel = models.CharField(_("canale"), max_length=8, choices=Channel.choices)
    address = models.CharField(_("indirizzo"), max_length=254, blank=True)
    status = models.CharField(_("esito"), max_length=16, choices=DeliveryStatus.choices)
    answer = models.TextField(_("risposta del server"), blank=True)
    sent_at = models.DateTimeField(_("inviato il"))
    kept_email = models.ForeignKey(
        KeptEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["session", "-sent_at", "organization__name"]
        verbose_name = _("invio")
        verbose_name_plural = _("invii")
        constraints = [
            # A redelivered task never sends twice to the same recipient for the same state of the session.
            models.UniqueConstraint(
                fields=["session", "kind", "sequence", "organization"],
                condition=Q(organization__isnull=False),
                name="delivery_once_per_body",
            ),
            models.UniqueConstraint(
                fields=["session", "kind", "sequence", "person"],
                condition=Q(organization__isnull=True),
                name="delivery_once_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.organization or self.person} ({self.get_status_display()})"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of an iCal feed: an organ's sessions, or those of the organs a person sits in."""

    token = models.CharField(max_length=43, unique=True, default=new_feed_token, editable=False)
    organ = models.OneToOneField(Organ, on_delete=models.CASCADE, null=True, blank=True, related_name="feed")
    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="feed"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendario")
        verbose_name_plural = _("calendari")
        constraints = [
            models.CheckConstraint(
                condition=Q(organ__isnull=False, person__isnull=True)
                | Q(organ__isnull=True, person__isnull=False),
                name="feed_of_an_organ_or_a_person",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organ or self.person)
