"""Viewsets of the parts of one agreement, under agreements/{agreement_pk}/: parties (with the signed-file
upload), versions and amendments, articles (optimistic concurrency: a stale save is a 409), premises, money
clauses, signatures. The agreement must be visible (else 404) and, for writes, changeable (else 403, before the
body is validated) - except the signature upload, which the party's own body may make too."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from agreements import rules, selectors, services, signatures
from agreements.api.base import (
    AGREEMENT_PK,
    AgreementPartViewSet,
    FirstRendererNegotiation,
    PdfRenderer,
    action_schema,
    part_create_schema,
    service_errors,
)
from agreements.api.inputs import (
    AdhesionInputSerializer,
    AmendmentInputSerializer,
    ApprovalInputSerializer,
    ArticleCreateInputSerializer,
    ArticleUpdateInputSerializer,
    AuthorisationInputSerializer,
    InstallmentsInputSerializer,
    MoneyClauseInputSerializer,
    PartyCreateInputSerializer,
    PartyUpdateInputSerializer,
    PaymentInputSerializer,
    PremiseInputSerializer,
    SignatureUploadInputSerializer,
    WithdrawalInputSerializer,
)
from agreements.api.serializers import (
    ArticleSerializer,
    EditConflictSerializer,
    MoneyClauseSerializer,
    PartySerializer,
    PremiseSerializer,
    SignatureSerializer,
    VersionDetailSerializer,
    VersionSerializer,
)
from agreements.models import AgreementVersion, Article, MoneyClause, Party, Premise, Signature
from core.api.base import RegistryViewSet, errors, list_schema, retrieve_schema, update_schema


@extend_schema(tags=["agreements"], parameters=[AGREEMENT_PK])
@extend_schema_view(
    list=list_schema(PartySerializer),
    retrieve=retrieve_schema(PartySerializer),
    create=part_create_schema(
        PartyCreateInputSerializer,
        PartySerializer,
        summary=_("Aggiunge una parte a un accordo in bozza"),
    ),
    partial_update=update_schema(
        PartyUpdateInputSerializer,
        PartySerializer,
        summary=_("Modifica ruolo, firmatario e ordine di firma di una parte (fino all'avvio della firma)"),
    ),
    authorisation=action_schema(
        AuthorisationInputSerializer,
        PartySerializer,
        _("Registra la deliberazione che approva l'accordo e autorizza il firmatario"),
    ),
    withdraw=action_schema(
        WithdrawalInputSerializer,
        PartySerializer,
        _("Registra il recesso di una parte (efficace dopo il preavviso dell'accordo)"),
    ),
    signature=extend_schema(
        request={"multipart/form-data": SignatureUploadInputSerializer},
        responses={201: SignatureSerializer, **errors(400, 401, 403, 404)},
        summary=_("Carica il PDF firmato digitalmente (PAdES) dal firmatario della parte"),
        description=_(
            "Il file viene verificato: firma valida, che copre l'intero file salvo le firme successive, sul "
            "documento prodotto dal sistema (o sul suo ultimo stato firmato), del firmatario della parte, con "
            "certificato valido alla firma e riconosciuto. Ogni verifica non superata è un 400 con il suo "
            "codice (`tampered`, `wrong_signer`, `expired`, `wrong_document`, `not_your_turn`...) sotto `file`. "
            "Le parti firmano nell'ordine dell'accordo; con l'ultima firma l'accordo entra in vigore. Possono "
            "caricare il firmatario, l'ente della parte (sindaco, operatore) e l'Ufficio di Piano."
        ),
    ),
    adhere=action_schema(
        AdhesionInputSerializer,
        PartySerializer,
        _("Adesione successiva di un ente a un accordo in vigore"),
        status_code=201,
    ),
)
class PartyViewSet(AgreementPartViewSet[Party]):
    """Le parti di un accordo: ente, ruolo, chi firma e in qualità di cosa, la deliberazione che lo autorizza,
    l'ordine di firma, la firma (`signed_at`), l'adesione e il recesso."""

    queryset = Party.objects.none()
    serializer_class = PartySerializer

    def select(self, **filters: Any) -> QuerySet[Party]:
        return selectors.party_list(agreement=self.agreement())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agreement = self.agreement_for_write()
        fields = self.validated(PartyCreateInputSerializer)
        with service_errors():
            party = services.party_add(
                actor=request.user, agreement=agreement, organization=fields.pop("organization"), **fields
            )
        return self.written(party, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        party = self.get_object()
        changes = self.validated(PartyUpdateInputSerializer, partial=True)
        with service_errors():
            services.party_update(actor=request.user, party=party, **changes)
        return self.written(party)

    @action(detail=True, methods=["post"])
    def authorisation(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        party = self.get_object()
        fields = self.validated(AuthorisationInputSerializer)
        with service_errors():
            services.party_record_authorisation(actor=request.user, party=party, **fields)
        return self.written(party)

    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        party = self.get_object()
        fields = self.validated(WithdrawalInputSerializer)
        with service_errors():
            services.party_withdraw(actor=request.user, party=party, **fields)
        return self.written(party)

    @action(
        detail=True, methods=["post"], parser_classes=[MultiPartParser], permission_classes=[IsAuthenticated]
    )
    def signature(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Not the agreement's CHANGE permission: the party's own body (its mayor, its officer) files its
        # signature too. signatures.signature_upload decides; asked here first so that a 403 comes before
        # the file is even read.
        party = get_object_or_404(self.select(), pk=self.url_pk())
        if not rules.may_upload_signature(request.user, party):
            raise PermissionDenied(gettext_now("Non puoi caricare la firma di questa parte."))
        fields = self.validated(SignatureUploadInputSerializer)
        # The service refuses files over the limit: more than one byte past it need not be read.
        pdf = fields["file"].read(settings.SIGNATURE_MAX_UPLOAD_MB * 1024 * 1024 + 1)
        with service_errors("file"):
            signature = signatures.signature_upload(actor=request.user, party=party, signed_pdf=pdf)
        fresh = next(s for s in selectors.signature_list(self.agreement()) if s.pk == signature.pk)
        return Response(
            SignatureSerializer(fresh, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @action(detail=False, methods=["post"])
    def adhere(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agreement = self.agreement_for_write()
        fields = self.validated(AdhesionInputSerializer)
        with service_errors():
            party = services.party_adhere(
                actor=request.user,
                agreement=agreement,
                organization=fields.pop("organization"),
                joined_on=fields.pop("joined_on"),
                **fields,
            )
        return self.written(party, status.HTTP_201_CREATED)


@extend_schema(tags=["agreements"], parameters=[AGREEMENT_PK])
@extend_schema_view(
    list=list_schema(VersionSerializer),
    retrieve=extend_schema(
        summary=_("Una versione del testo, con premesse, articoli e approvazioni"),
        responses={200: VersionDetailSerializer, **errors(401, 404)},
    ),
    create=part_create_schema(
        AmendmentInputSerializer,
        VersionDetailSerializer,
        summary=_("Propone una modifica: una nuova versione copiata dal testo vigente"),
    ),
    approve=action_schema(
        ApprovalInputSerializer,
        VersionDetailSerializer,
        _("Registra l'approvazione della modifica da parte di una parte (con la sua deliberazione)"),
        description=_(
            "Quando tutte le parti in vigore alla data della deliberazione hanno approvato, la versione diventa "
            "quella vigente e la precedente resta leggibile come superata."
        ),
    ),
)
class VersionViewSet(AgreementPartViewSet[AgreementVersion]):
    """Le versioni del testo di un accordo, per numero: bozza, modifica proposta, vigente, superata. Le versioni
    superate restano leggibili."""

    queryset = AgreementVersion.objects.none()
    serializer_class = VersionSerializer
    detail_serializer_class = VersionDetailSerializer
    lookup_field = "number"

    def select(self, **filters: Any) -> QuerySet[AgreementVersion]:
        return selectors.version_list(agreement=self.agreement())

    def select_one(self, pk: int) -> AgreementVersion:
        return selectors.version_detail(agreement=self.agreement(), number=pk)

    def get_object(self) -> AgreementVersion:
        version = get_object_or_404(self.select(), number=self.url_pk())
        self.check_object_permissions(self.request, version)
        return version

    def written(self, obj: AgreementVersion, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.select_one(obj.number)).data, status=status_code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agreement = self.agreement_for_write()
        fields = self.validated(AmendmentInputSerializer)
        with service_errors():
            version = services.amendment_propose(
                actor=request.user, agreement=agreement, reason=fields["reason"]
            )
        return self.written(version, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def approve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        version = self.get_object()
        fields = self.validated(ApprovalInputSerializer)
        with service_errors():
            services.amendment_approve(actor=request.user, version=version, **fields)
        return self.written(version)


@extend_schema(tags=["agreements"], parameters=[AGREEMENT_PK])
@extend_schema_view(
    list=list_schema(ArticleSerializer),
    retrieve=retrieve_schema(ArticleSerializer),
    create=extend_schema(
        request=ArticleCreateInputSerializer,
        responses={201: ArticleSerializer, 409: EditConflictSerializer, **errors(400, 401, 403, 404)},
        summary=_("Aggiunge un articolo al testo in lavorazione"),
        description=_("Se l'articolo con quel numero esiste già la risposta è 409, con il testo attuale."),
    ),
    partial_update=extend_schema(
        request=ArticleUpdateInputSerializer,
        responses={200: ArticleSerializer, 409: EditConflictSerializer, **errors(400, 401, 403, 404)},
        summary=_("Salva un articolo (con la revisione da cui è partita la modifica)"),
        description=_(
            "Concorrenza ottimistica: se nel frattempo qualcuno ha salvato l'articolo, la revisione inviata non "
            "è più quella attuale e la risposta è 409 con chi lo ha modificato, quando, e il testo attuale. "
            "Nulla viene sovrascritto."
        ),
    ),
)
class ArticleViewSet(AgreementPartViewSet[Article]):
    """Gli articoli del testo in lavorazione di un accordo (la modifica proposta, o la bozza; altrimenti il
    testo vigente, in sola lettura), per numero."""

    queryset = Article.objects.none()
    serializer_class = ArticleSerializer
    lookup_field = "number"

    def select(self, **filters: Any) -> QuerySet[Article]:
        return selectors.article_list(agreement=self.agreement())

    def select_one(self, pk: int) -> Article:
        return get_object_or_404(self.select(), number=pk)

    def get_object(self) -> Article:
        article = self.select_one(self.url_pk())
        self.check_object_permissions(self.request, article)
        return article

    def written(self, obj: Article, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.select_one(obj.number)).data, status=status_code)

    def conflict(self, error: DjangoValidationError, number: int) -> Response:
        current = self.select().filter(number=number).first()
        body = {
            "status": status.HTTP_409_CONFLICT,
            "code": "edit_conflict",
            "message": " ".join(error.messages),
            "errors": {},
            "current": ArticleSerializer(current).data if current is not None else None,
        }
        return Response(body, status=status.HTTP_409_CONFLICT)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agreement = self.agreement_for_write()
        fields = self.validated(ArticleCreateInputSerializer)
        try:
            with service_errors():
                article = services.article_save(
                    actor=request.user,
                    agreement=agreement,
                    number=fields["number"],
                    title=fields.get("title", ""),
                    body=fields["body"],
                    expected_revision=None,
                )
        except services.EditConflict as error:
            return self.conflict(error, fields["number"])
        return self.written(article, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        article = self.get_object()
        fields = self.validated(ArticleUpdateInputSerializer)
        try:
            with service_errors():
                saved = services.article_save(
                    actor=request.user,
                    agreement=self.agreement(),
                    number=article.number,
                    title=fields.get("title", article.title),
                    body=fields.get("body", article.body),
                    expected_revision=fields["revision"],
                )
        except services.EditConflict as error:
            return self.conflict(error, article.number)
        return self.written(saved)


@extend_schema(tags=["agreements"], parameters=[AGREEMENT_PK])
@extend_schema_view(
    list=list_schema(PremiseSerializer),
    retrieve=retrieve_schema(PremiseSerializer),
    create=part_create_schema(
        PremiseInputSerializer,
        PremiseSerializer,
        summary=_("Aggiunge una premessa (VISTI, PREMESSO, CONSIDERATO...) in coda al testo in lavorazione"),
    ),
)
class PremiseViewSet(AgreementPartViewSet[Premise]):
    """Le premesse del testo in lavorazione di un accordo (VISTI, PREMESSO, RICORDATO, CONSIDERATO, RITENUTO)."""

    queryset = Premise.objects.none()
    serializer_class = PremiseSerializer

    def select(self, **filters: Any) -> QuerySet[Premise]:
        return selectors.premise_list(agreement=self.agreement())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agreement = self.agreement_for_write()
        fields = self.validated(PremiseInputSerializer)
        with service_errors():
            premise = services.premise_add(actor=request.user, agreement=agreement, **fields)
        return self.written(premise, status.HTTP_201_CREATED)


@extend_schema(tags=["agreements"], parameters=[AGREEMENT_PK])
@extend_schema_view(
    list=list_schema(MoneyClauseSerializer),
    retrieve=retrieve_schema(MoneyClauseSerializer),
    create=part_create_schema(
        MoneyClauseInputSerializer,
        MoneyClauseSerializer,
        summary=_("Crea una clausola economica ripartita tra le parti"),
        description=_(
            "Importi fissi (devono sommare al totale), parti uguali, popolazione al 31/12 dell'anno precedente "
            "o pesi: le quote sommano sempre al totale, al centesimo."
        ),
    ),
    installments=action_schema(
        InstallmentsInputSerializer,
        MoneyClauseSerializer,
        _("(Ri)costruisce le rate di ogni quota sul periodo indicato"),
    ),
    payments=action_schema(
        PaymentInputSerializer,
        MoneyClauseSerializer,
        _("Registra un pagamento su una quota della clausola"),
        status_code=201,
    ),
)
class MoneyClauseViewSet(AgreementPartViewSet[MoneyClause]):
    """Clausole economiche di un accordo: per ogni parte la quota, le rate, i pagamenti e il saldo (dovuto
    finora, pagato, ancora da pagare; nulla è dovuto prima che l'accordo vincoli le parti)."""

    queryset = MoneyClause.objects.none()
    serializer_class = MoneyClauseSerializer

    def select(self, **filters: Any) -> QuerySet[MoneyClause]:
        return selectors.money_clause_list(agreement=self.agreement())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agreement = self.agreement_for_write()
        fields = self.validated(MoneyClauseInputSerializer)
        with service_errors():
            clause = services.money_clause_create(
                actor=request.user,
                agreement=agreement,
                description=fields.pop("description"),
                total=fields.pop("total"),
                criterion=fields.pop("criterion"),
                parties=fields.pop("parties", None),
                weights=fields.pop("weights", None),
                fixed_amounts=fields.pop("fixed_amounts", None),
                **fields,
            )
        return self.written(clause, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def installments(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        clause = self.get_object()
        fields = self.validated(InstallmentsInputSerializer)
        with service_errors():
            services.installments_schedule(actor=request.user, clause=clause, **fields)
        return self.written(clause)

    @action(detail=True, methods=["post"])
    def payments(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        clause = self.get_object()
        fields = self.validated(PaymentInputSerializer)
        share = fields.pop("share")
        if share.clause_id != clause.pk:
            raise exceptions.ValidationError(
                {
                    "share": [
                        exceptions.ErrorDetail(
                            gettext_now("La quota non è di questa clausola."), "does_not_exist"
                        )
                    ]
                }
            )
        with service_errors():
            services.payment_record(actor=request.user, share=share, **fields)
        return self.written(clause, status.HTTP_201_CREATED)


@extend_schema(tags=["agreements"], parameters=[AGREEMENT_PK])
@extend_schema_view(
    list=list_schema(SignatureSerializer),
    retrieve=retrieve_schema(SignatureSerializer),
    pdf=extend_schema(
        summary=_("Scarica il file firmato"),
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description=_("Il PDF firmato.")),
            **errors(401, 404),
        },
    ),
)
class SignatureViewSet(AgreementPartViewSet[Signature]):
    """Le firme di un accordo, nell'ordine in cui sono state apposte: chi ha firmato (dal certificato), quando,
    con quale certificato, l'impronta SHA-256 del file firmato e l'esito della verifica. Si aggiungono
    caricando il file firmato (`parties/{id}/signature/`); non si modificano."""

    queryset = Signature.objects.none()
    serializer_class = SignatureSerializer
    http_method_names = ["get", "head", "options"]

    def select(self, **filters: Any) -> QuerySet[Signature]:
        return Signature.objects.none()  # rows come from selectors.signature_list (see list/select_one)

    def get_content_negotiator(self) -> BaseContentNegotiation:
        if getattr(self, "action", None) == "pdf":
            return FirstRendererNegotiation()
        return super().get_content_negotiator()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(selectors.signature_list(self.agreement()))  # type: ignore[arg-type]
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def select_one(self, pk: int) -> Signature:
        # The signatures of one agreement are one per signing party: one query reads them all.
        found = next((s for s in selectors.signature_list(self.agreement()) if s.pk == pk), None)
        if found is None:
            raise Http404
        return found

    @action(detail=True, methods=["get"], renderer_classes=[*RegistryViewSet.renderer_classes, PdfRenderer])
    def pdf(self, request: Request, *args: Any, **kwargs: Any) -> FileResponse:
        signature = self.select_one(self.url_pk())
        return FileResponse(
            signature.file.open("rb"),
            as_attachment=True,
            filename=signature.file.name.rsplit("/", 1)[-1],
            content_type="application/pdf",
        )
