"""Agreements: the act, its parties, its versions (articles and premises), and its money clauses."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase

from core.models import TimeStampedModel
from documents.models import ChainSignature, RenderJob, RenderStatus
from governance.models import Ambito, Organ, Organization, Person, User


class AgreementKind(models.TextChoices):
    CONVENZIONE = "convenzione", _("Convenzione (art. 30 D.Lgs. 267/2000)")
    ACCORDO_DI_PROGRAMMA = "accordo_di_programma", _("Accordo di Programma")
    ACCORDO_INTERAMBITI = "accordo_interambiti", _("Accordo Interambiti")
    PROTOCOLLO_INTESA = "protocollo_intesa", _("Protocollo d'intesa")


class AgreementStatus(models.TextChoices):
    DRAFT = "bozza", _("Bozza")
    IN_APPROVAL = "in_approvazione", _("In approvazione")
    APPROVED = "approvato", _("Approvato")
    IN_SIGNATURE = "in_firma", _("In firma")
    IN_FORCE = "in_vigore", _("In vigore")
    EXPIRED = "scaduto", _("Scaduto")
    RENEWED = "rinnovato", _("Rinnovato")
    # An act from before the app whose copy shows no signature (blank dates and deliberations): neither
    # signed nor a draft to sign.
    UNDOCUMENTED = "non_documentato", _("Firma non documentata")


class AgreementOrigin(models.TextChoices):
    APP = "app", _("Redatto e firmato nell'applicazione")
    REGISTERED = "registrato", _("Firmato fuori dall'applicazione e registrato")


class DatePrecision(models.TextChoices):
    """How much of a date an act states: an unknown day stays unknown, never invented."""

    DAY = "giorno", _("giorno")
    MONTH = "mese", _("mese")
    YEAR = "anno", _("anno")


class Agreement(TimeStampedModel):
    kind = models.CharField(_("tipo"), max_length=32, choices=AgreementKind.choices, db_index=True)
    title = models.CharField(_("titolo"), max_length=300)
    status = models.CharField(
        _("stato"),
        max_length=20,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
        db_index=True,
    )
    ambito = models.ForeignKey(
        Ambito,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("ambito"),
        help_text=_("L'ambito il cui Ufficio di Piano cura l'accordo."),
    )
    place = models.CharField(_("luogo di stipula"), max_length=100, blank=True)
    # Validity: dates, months from a start, or until an event; the act's own figures, checked against each other.
    start_date = models.DateField(_("decorrenza"), null=True, blank=True)
    end_date = models.DateField(_("scadenza"), null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("durata in mesi"), null=True, blank=True)
    starts_on_signature = models.BooleanField(_("decorre dalla sottoscrizione"), default=False)
    until_event = models.CharField(
        _("valido fino a"),
        max_length=255,
        blank=True,
        help_text=_("Un evento invece di una data, ad es. «l'approvazione del nuovo Piano di Zona»."),
    )
    withdrawal_notice_months = models.PositiveSmallIntegerField(_("preavviso di recesso (mesi)"), default=6)
    renews = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("rinnova l'accordo"),
    )
    in_force_since = models.DateField(_("in vigore dal"), null=True, blank=True)
    in_force_since_precision = models.CharField(
        _("precisione della data di entrata in vigore"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    origin = models.CharField(
        _("provenienza"), max_length=12, choices=AgreementOrigin.choices, default=AgreementOrigin.APP
    )

    class Meta:
        ordering = ["-created_at", "title"]
        verbose_name = _("accordo")
        verbose_name_plural = _("accordi")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="agreement_period",
                violation_error_message=_("La scadenza non può precedere la decorrenza."),
            ),
            models.CheckConstraint(
                condition=Q(duration_months__isnull=True) | Q(duration_months__gt=0),
                name="agreement_duration_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PartyRole(models.TextChoices):
    CAPOFILA = "capofila", _("Capofila")
    REFERENTE = "referente", _("Referente")
    FIRMATARIO = "firmatario", _("Firmatario")
    ADERENTE = "aderente", _("Aderente")


class Party(TimeStampedModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="agreement_parties", verbose_name=_("ente")
    )
    role = models.CharField(
        _("ruolo"), max_length=16, choices=PartyRole.choices, default=PartyRole.FIRMATARIO
    )
    represents = models.ForeignKey(
        Ambito,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_in_agreements",
        verbose_name=_("in rappresentanza dell'ambito"),
    )
    signatory = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements_to_sign",
        verbose_name=_("firmatario"),
    )
    signatory_capacity = models.CharField(
        _("in qualità di"), max_length=200, blank=True, help_text=_("Ad es. «Sindaco pro tempore».")
    )
    # The act that authorises the signature ("deliberazione del Consiglio Comunale n. __ del __").
    authorising_organ = models.ForeignKey(
        Organ, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("organo")
    )
    authorising_organ_name = models.CharField(
        _("organo che delibera"), max_length=200, blank=True, help_text=_("Ad es. «Consiglio Comunale».")
    )
    act_number = models.CharField(_("numero della deliberazione"), max_length=30, blank=True)
    act_date = models.DateField(_("data della deliberazione"), null=True, blank=True)
    signing_order = models.PositiveSmallIntegerField(_("ordine di firma"), default=1)
    joined_on = models.DateField(_("aderisce dal"), null=True, blank=True)
    withdrawal_notified_on = models.DateField(_("recesso comunicato il"), null=True, blank=True)
    withdrawal_effective_on = models.DateField(_("recesso efficace dal"), null=True, blank=True)
    continuing_obligations = models.TextField(_("obblighi che proseguono dopo il recesso"), blank=True)
    # Set by the signing service when this party's signature on the current document is verified.
    signed_at = models.DateTimeField(_("firmato il"), null=True, blank=True)
    # An act signed outside the app: when this party signed, as precisely as the act states it.
    signed_on = models.DateField(_("data della firma (atto registrato)"), null=True, blank=True)
    signed_on_precision = models.CharField(
        _("precisione della data di firma"), max_length=8, choices=DatePrecision.choices, blank=True
    )

    class Meta:
        ordering = ["agreement", "signing_order", "pk"]
        verbose_name = _("parte")
        verbose_name_plural = _("parti")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organization"],
                name="party_once_per_agreement",
                violation_error_message=_("Questo ente è già parte dell'accordo."),
            ),
            models.CheckConstraint(
                condition=Q(withdrawal_notified_on__isnull=True)
                | Q(withdrawal_effective_on__gte=F("withdrawal_notified_on")),
                name="party_withdrawal_after_notice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"

    @property
    def has_authorising_act(self) -> bool:
        return bool(self.act_number and self.act_date)


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


class SplitCriterion(models.TextChoices):
    FIXED = "fisso", _("Importi fissi")
    EQUAL = "parti_uguali", _("In parti uguali")
    POPULATION = "popolazione", _("In proporzione alla popolazione al 31/12 dell'anno precedente")
    WEIGHTS = "pesi", _("Secondo pesi stabiliti")


class MoneyClause(TimeStampedModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="money_clauses")
    description = models.CharField(_("descrizione"), max_length=300)
    total = models.DecimalField(_("totale (EUR)"), max_digits=14, decimal_places=2)
    vat_excluded = models.BooleanField(_("IVA esclusa"), default=False)
    criterion = models.CharField(_("criterio di riparto"), max_length=16, choices=SplitCriterion.choices)
    population_year = models.PositiveSmallIntegerField(
        _("anno del riparto"),
        null=True,
        blank=True,
        help_text=_(
            "Per il criterio della popolazione: si usa la popolazione al 31/12 dell'anno precedente."
        ),
    )
    installments_every_months = models.PositiveSmallIntegerField(_("rate ogni (mesi)"), null=True, blank=True)
    installments_in_advance = models.BooleanField(_("rate anticipate"), default=True)

    class Meta:
        ordering = ["agreement", "pk"]
        verbose_name = _("clausola economica")
        verbose_name_plural = _("clausole economiche")
        constraints = [models.CheckConstraint(condition=Q(total__gte=0), name="money_total_not_negative")]

    def __str__(self) -> str:
        return self.description


class Share(models.Model):
    clause = models.ForeignKey(MoneyClause, on_delete=models.CASCADE, related_name="shares")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="shares")
    weight = models.DecimalField(_("peso"), max_digits=14, decimal_places=4, null=True, blank=True)
    amount = models.DecimalField(_("quota (EUR)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["clause", "party__signing_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["clause", "party"], name="share_once_per_party"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="share_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.party.organization}: {self.amount} EUR"


class Installment(models.Model):
    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="installments")
    sequence = models.PositiveSmallIntegerField(_("rata"))
    due_date = models.DateField(_("scadenza"))
    amount = models.DecimalField(_("importo (EUR)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["share", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["share", "sequence"], name="installment_sequence_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="installment_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Rata {self.sequence} ({self.due_date:%d/%m/%Y}): {self.amount} EUR"


class Payment(TimeStampedModel):
    share = models.ForeignKey(Share, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("pagato il"))
    amount = models.DecimalField(_("importo (EUR)"), max_digits=14, decimal_places=2)
    reference = models.CharField(_("riferimento"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["share", "paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive")]

    def __str__(self) -> str:
        return f"{self.amount} EUR il {self.paid_on:%d/%m/%Y}"


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


class AgreementGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Agreement, on_delete=models.CASCADE)


DocumentStatus = RenderStatus  # the render job's states (documents.models)


class AgreementDocument(TimeStampedModel, RenderJob):
    """The PDF of one version of an agreement, produced by the worker (documents/jobs.py); the file the parties
    sign."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    version = models.OneToOneField(AgreementVersion, on_delete=models.CASCADE, related_name="document")
    file = models.FileField(_("file PDF"), upload_to="agreements/%Y/", blank=True)
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("documento dell'accordo")
        verbose_name_plural = _("documenti degli accordi")

    def __str__(self) -> str:
        return f"{self.version} ({self.get_status_display()})"


class SignatureMethod(models.TextChoices):
    UPLOAD = "caricato", _("File firmato caricato")
    TEST_SIGNER = "firma_di_prova", _("Firma integrata con certificato di prova")


class Signature(ChainSignature):
    """One party's signature: the whole signed state of the document after it, verified at upload.

    The parties sign in turn, each over the previous state, so the latest row holds every signature so far.
    Rows are never changed: a signed file is immutable.
    """

    document = models.ForeignKey(AgreementDocument, on_delete=models.PROTECT, related_name="signatures")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="signatures")
    method = models.CharField(_("modalità"), max_length=16, choices=SignatureMethod.choices)
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["document", "sequence"]
        verbose_name = _("firma")
        verbose_name_plural = _("firme")
        constraints = [
            models.UniqueConstraint(fields=["document", "party"], name="signature_once_per_party"),
            models.UniqueConstraint(fields=["document", "sequence"], name="signature_sequence_unique"),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="signature_sequence_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.party} — {self.signer_name}"


class SignedCopyFormat(models.TextChoices):
    PADES = "pades", _("PDF con firma digitale (PAdES)")
    CADES = "cades", _("Busta firmata .p7m (CAdES)")
    SCAN = "scansione", _("Scansione dell'atto cartaceo")


class SignedCopy(TimeStampedModel):
    """The signed file of an act registered after it was signed outside the app (immutable): verified for
    integrity, signers and certificate chain when digitally signed; a scan is kept with its SHA-256."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="signed_copies")
    file = models.FileField(_("file"), upload_to="atti-registrati/%Y/")
    original_name = models.CharField(_("nome del file"), max_length=255)
    sha256 = models.CharField(_("impronta SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("dimensione (byte)"))
    format = models.CharField(_("formato"), max_length=10, choices=SignedCopyFormat.choices)
    verified = models.BooleanField(_("firme verificate"), default=False)
    report = models.JSONField(_("esito della verifica"), default=dict)
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["agreement", "created_at"]
        verbose_name = _("copia firmata dell'atto")
        verbose_name_plural = _("copie firmate degli atti")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "sha256"], name="signed_copy_once_per_agreement")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — {self.original_name}"

    @property
    def digitally_signed(self) -> bool:
        return self.format != SignedCopyFormat.SCAN


class SignedCopySigner(models.Model):
    """One signature found in a signed copy, and the party it was matched to (by codice fiscale or name)."""

    copy = models.ForeignKey(SignedCopy, on_delete=models.CASCADE, related_name="signers")
    party = models.ForeignKey(Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    name = models.CharField(_("firmatario (certificato)"), max_length=200)
    tax_code = models.CharField(_("codice fiscale (certificato)"), max_length=16, blank=True)
    certificate_subject = models.TextField(_("soggetto del certificato"))
    signing_time = models.DateTimeField(_("data della firma dichiarata"), null=True, blank=True)
    intact = models.BooleanField(_("firma integra"))
    trusted = models.BooleanField(_("certificato riconosciuto"))

    class Meta:
        ordering = ["copy", "pk"]
        verbose_name = _("firmatario della copia")
        verbose_name_plural = _("firmatari della copia")

    def __str__(self) -> str:
        return self.name
