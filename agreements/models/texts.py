"""The text of an agreement: versions, premises and articles, amendments approved by the parties, and model texts
(templates) with named blanks."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.models.acts import Agreement, AgreementKind, Party, PartyRole
from core.models import TimeStampedModel
from governance.models import User


class VersionStatus(models.TextChoices):
    DRAFT = "bozza", _("Bozza")
    PROPOSED = "proposta", _("Modifica proposta")
    CURRENT = "vigente", _("Vigente")
    SUPERSEDED = "superata", _("Superata")


class AgreementVersion(TimeStampedModel):
    """One text of the agreement. Amendments make a new version; old ones stay readable."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("versione"))
    status = models.CharField(
        _("stato"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    reason = models.CharField(_("motivo della modifica"), max_length=300, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["agreement", "number"]
        verbose_name = _("versione")
        verbose_name_plural = _("versioni")
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="version_number_unique")]

    def __str__(self) -> str:
        return f"{self.agreement} — v{self.number}"


class PremiseSection(models.TextChoices):
    VISTI = "visti", _("Visti")
    PREMESSO = "premesso", _("Premesso che")
    RICORDATO = "ricordato", _("Ricordato che")
    CONSIDERATO = "considerato", _("Considerato che")
    RITENUTO = "ritenuto", _("Ritenuto")


class PremiseText(models.Model):
    """What a premise is, in an agreement's text or in a template."""

    section = models.CharField(_("sezione"), max_length=16, choices=PremiseSection.choices)
    position = models.PositiveSmallIntegerField(_("posizione"))
    text = models.TextField(_("testo"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.get_section_display()} {self.position}"


class ArticleText(models.Model):
    """What an article is, in an agreement's text or in a template."""

    number = models.PositiveSmallIntegerField(_("numero"))
    title = models.CharField(_("rubrica"), max_length=200, blank=True)
    body = models.TextField(_("testo"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"Art. {self.number}" + (f" – {self.title}" if self.title else "")


class Premise(PremiseText):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="premises")

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="premise_position_unique")
        ]


class Article(ArticleText):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="articles")
    # Optimistic concurrency: a save names the revision it edited; a stale one is a conflict, not an overwrite.
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["version", "number"]
        verbose_name = _("articolo")
        verbose_name_plural = _("articoli")
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="article_number_unique")]


class AmendmentApproval(TimeStampedModel):
    """A party's deliberation approving a proposed version (every party must approve an amendment)."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="approvals")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="approvals")
    organ_name = models.CharField(_("organo che delibera"), max_length=200)
    act_number = models.CharField(_("numero della deliberazione"), max_length=30)
    act_date = models.DateField(_("data della deliberazione"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "party"], name="approval_once_per_party")]

    def __str__(self) -> str:
        return f"{self.party}: {self.organ_name} n. {self.act_number} del {self.act_date:%d/%m/%Y}"


class AgreementTemplate(TimeStampedModel):
    """A model text with named blanks, e.g. the protocollo d'intesa of seed 003, instantiated per ambito.

    Blanks are written `[[slot.field]]` (filled from the registry: `[[capofila.codice_fiscale]]`) or
    `[[name]]` (filled by hand: `[[data_conferenza_unificata]]`)."""

    kind = models.CharField(_("tipo"), max_length=32, choices=AgreementKind.choices)
    title = models.CharField(_("titolo"), max_length=300, unique=True)
    description = models.TextField(_("descrizione"), blank=True)
    source = models.CharField(_("fonte"), max_length=255, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("modello di accordo")
        verbose_name_plural = _("modelli di accordo")

    def __str__(self) -> str:
        return self.title


class TemplateSlot(models.Model):
    """A party the template expects ("asl", "capofila"...), filled with an organization at instantiation."""

    template = models.ForeignKey(AgreementTemplate, on_delete=models.CASCADE, related_name="slots")
    key = models.SlugField(_("chiave"), max_length=40)
    label = models.CharField(_("descrizione"), max_length=200)
    role = models.CharField(
        _("ruolo"), max_length=16, choices=PartyRole.choices, default=PartyRole.FIRMATARIO
    )
    position = models.PositiveSmallIntegerField(_("posizione"))

    class Meta:
        ordering = ["template", "position"]
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="template_slot_unique")]

    def __str__(self) -> str:
        return self.label


class TemplatePremise(PremiseText):
    template = models.ForeignKey(AgreementTemplate, on_delete=models.CASCADE, related_name="premises")

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "position"], name="template_premise_unique")
        ]


class TemplateArticle(ArticleText):
    template = models.ForeignKey(AgreementTemplate, on_delete=models.CASCADE, related_name="articles")

    class Meta:
        ordering = ["template", "number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="template_article_unique")]
