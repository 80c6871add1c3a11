"""Viewsets of the agreements API: the same thin shape as governance.api.views.

* `agreements/` reads through agreements.selectors (a row the user may not see is a 404) and writes through
  agreements.services, which check that the user is the Ufficio di Piano of the agreement's ambito.
* The parts of one agreement (parties, versions, articles, premises, money clauses, signatures) live under
  `agreements/{agreement_pk}/...` (agreements/api/parts.py): the agreement must be visible (else 404) and,
  for a write, changeable (else 403, before the body is validated).
* `organizations/{id}/agreements/`: what a body owes on the agreements it is party to.
* A service's ValidationError keeps its code in the structured 400 (`illegal_transition`, `guard`...); a stale
  article save is a 409 that says who changed the article and when, with its current text.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agreements import rules, selectors, services
from agreements.api.base import FirstRendererNegotiation, PdfRenderer, action_schema, service_errors
from agreements.api.inputs import (
    AgreementCreateInputSerializer,
    AgreementFilterSerializer,
    AgreementUpdateInputSerializer,
    RegisterSignedInputSerializer,
    SignedCopyInputSerializer,
    TransitionInputSerializer,
)
from agreements.api.serializers import (
    AgreementDetailSerializer,
    AgreementSerializer,
    DocumentSerializer,
    OrganizationAgreementsSerializer,
    SignedCopySerializer,
)
from agreements.models import Agreement, DocumentStatus
from core.api.base import RegistryViewSet, create_schema, errors, update_schema
from governance import selectors as governance_selectors


def _attachment(field_file: Any, filename: str, content_type: str | None = None) -> FileResponse:
    """A stored file as a download (the content type from its name unless given)."""
    return FileResponse(
        field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )


@extend_schema(tags=["agreements"])
@extend_schema_view(
    list=extend_schema(
        summary=_("Elenco degli accordi visibili"),
        parameters=[AgreementFilterSerializer],
        responses={200: AgreementSerializer, **errors(400, 401, 404)},
    ),
    retrieve=extend_schema(
        summary=_("Un accordo: parti, firmatari, deliberazioni, validità, versioni, clausole economiche"),
        responses={200: AgreementDetailSerializer, **errors(401, 404)},
    ),
    create=create_schema(
        AgreementCreateInputSerializer,
        AgreementDetailSerializer,
        summary=_("Crea un accordo in bozza (Ufficio di Piano dell'ambito)"),
    ),
    partial_update=update_schema(
        AgreementUpdateInputSerializer,
        AgreementDetailSerializer,
        summary=_("Modifica i dati di un accordo in bozza"),
    ),
    transition=action_schema(
        TransitionInputSerializer,
        AgreementDetailSerializer,
        _("Porta l'accordo a un altro stato del suo ciclo di vita"),
        description=_(
            "bozza → in approvazione → approvato → in firma → in vigore → scaduto → rinnovato, con i ritorni "
            "previsti. Un passaggio non ammesso è un 400 con codice `illegal_transition`; un passaggio "
            "prematuro (deliberazioni, firmatari o firme mancanti) un 400 con codice `guard`."
        ),
    ),
)
class AgreementViewSet(RegistryViewSet[Agreement]):
    """Accordi (convenzioni, accordi di programma, accordi interambiti, protocolli d'intesa) che l'utente può
    vedere: l'Ufficio di Piano quelli del suo ambito, gli enti quelli di cui sono parte, fuori dalla bozza."""

    queryset = Agreement.objects.none()
    serializer_class = AgreementSerializer
    detail_serializer_class = AgreementDetailSerializer
    filter_serializer_class = AgreementFilterSerializer
    ordering_fields = ["title", "kind", "status", "start_date", "end_date", "created_at", "updated_at"]

    def may_change(self, obj: Agreement) -> bool:
        return rules.may_manage(self.request.user, obj)  # the rule every agreements service applies

    def select(self, **filters: Any) -> QuerySet[Agreement]:
        if "organization" in filters:
            filters["party"] = filters.pop("organization")
        if filters.pop("expiring", None):
            filters.setdefault("expiring_within_days", 90)
        return selectors.agreement_list(user=self.request.user, **filters)

    def select_one(self, pk: int) -> Agreement:
        return selectors.agreement_detail(user=self.request.user, pk=pk)

    def get_content_negotiator(self) -> BaseContentNegotiation:
        if getattr(self, "action", None) in ("document_pdf", "signed_copy_file"):
            return FirstRendererNegotiation()
        return super().get_content_negotiator()

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = self.validated(AgreementCreateInputSerializer)
        with service_errors():
            agreement = services.agreement_create(
                actor=request.user,
                ambito=fields.pop("ambito"),
                kind=fields.pop("kind"),
                title=fields.pop("title"),
                **fields,
            )
        return self.written(agreement, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agreement = self.get_object()
        changes = self.validated(AgreementUpdateInputSerializer, partial=True)
        with service_errors():
            services.agreement_update(actor=request.user, agreement=agreement, **changes)
        return self.written(agreement)

    @action(detail=True, methods=["post"])
    def transition(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agreement = self.get_object()
        fields = self.validated(TransitionInputSerializer)
        with service_errors("to"):
            services.agreement_transition(
                actor=request.user, agreement=agreement, to=fields["to"], on=fields.get("on")
            )
        return self.written(agreement)

    # -- acts signed before the app --

    @extend_schema(
        request=RegisterSignedInputSerializer,
        responses={200: AgreementDetailSerializer, **errors(400, 401, 403, 404)},
        summary=_("Registra un atto firmato fuori dall'applicazione"),
        description=_(
            "Per un accordo in bozza (o con firma non documentata): l'entrata in vigore e la data di firma di "
            "ciascuna parte, con la precisione che l'atto riporta (28/03/2012, 03/2012 o 2012). Lo stato segue "
            "dalle date: in vigore, o scaduto se la scadenza è passata. Una parte senza data: 400 "
            "`signature_date_missing`."
        ),
    )
    @action(detail=True, methods=["post"], url_path="register-signed")
    def register_signed(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agreement = self.get_object()
        fields = self.validated(RegisterSignedInputSerializer)
        common = fields.get("signed_on_all")
        own = {item["party"]: item["signed_on"] for item in fields.get("signed", [])}
        signed: dict[int, Any] = {
            party.pk: own.get(party.pk) or common
            for party in agreement.parties.all()
            if own.get(party.pk) or common
        }
        in_force_since, precision = fields["in_force_since"]
        with service_errors():
            services.agreement_register_signed(
                actor=request.user,
                agreement=agreement,
                in_force_since=in_force_since,
                in_force_precision=precision,
                signed=signed,
                place=fields.get("place"),
            )
        return self.written(agreement)

    @extend_schema(
        methods=["GET"],
        summary=_("Le copie firmate di un atto registrato"),
        responses={200: SignedCopySerializer(many=True), **errors(401, 404)},
    )
    @extend_schema(
        methods=["POST"],
        summary=_("Allega l'atto firmato (PAdES, .p7m o scansione) e ne verifica le firme"),
        description=_(
            "Integrità, firmatari e catena dei certificati; una firma non integra è un 400 `not_intact` e nulla "
            "viene salvato; una scansione è conservata come non verificata digitalmente."
        ),
        request={"multipart/form-data": SignedCopyInputSerializer},
        responses={201: SignedCopySerializer, **errors(400, 401, 403, 404)},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="signed-copies",
        parser_classes=[MultiPartParser],
    )
    def signed_copies(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if request.method == "GET":
            agreement = selectors.agreement_detail(user=request.user, pk=self.url_pk())
            copies = selectors.registration_summary(agreement)["copies"]
            return Response(SignedCopySerializer(copies, many=True).data)
        agreement = self.get_object()
        fields = self.validated(SignedCopyInputSerializer)
        with service_errors("file"):
            copy = services.signed_copy_attach(actor=request.user, agreement=agreement, upload=fields["file"])
        return Response(SignedCopySerializer(copy).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Scarica una copia firmata"),
        parameters=[
            OpenApiParameter(
                "copy_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Id della copia.")
            )
        ],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description=_("Il file, com'è stato allegato.")
            ),
            **errors(401, 404),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"signed-copies/(?P<copy_pk>[0-9]+)/file",
        url_name="signed-copy-file",
        renderer_classes=[*RegistryViewSet.renderer_classes, PdfRenderer],
    )
    def signed_copy_file(self, request: Request, *args: Any, **kwargs: Any) -> FileResponse:
        agreement = selectors.agreement_visible(user=request.user, pk=self.url_pk())
        copy = get_object_or_404(agreement.signed_copies.all(), pk=int(kwargs["copy_pk"]))
        return _attachment(copy.file, copy.original_name)

    # -- the printed agreement --

    @extend_schema(
        methods=["GET"],
        summary=_("Stato del PDF del testo attuale"),
        description=_(
            "in coda, in elaborazione, pronto (con l'indirizzo del file) o non riuscito (con il motivo)."
        ),
        responses={200: DocumentSerializer, **errors(401, 404)},
    )
    @extend_schema(
        methods=["POST"],
        summary=_("Chiede il PDF del testo attuale"),
        description=_(
            "Il PDF lo produce il worker: la risposta (202) dice lo stato, da seguire con GET. Un PDF già pronto "
            "non si rifà: torna com'è (200)."
        ),
        request=None,
        responses={200: DocumentSerializer, 202: DocumentSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["get", "post"])
    def document(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if request.method == "POST":
            agreement = self.get_object()
            with service_errors():
                document = services.agreement_document_request(actor=request.user, agreement=agreement)
            ready = document.status == DocumentStatus.READY
            return Response(
                DocumentSerializer(document, context=self.get_serializer_context()).data,
                status=status.HTTP_200_OK if ready else status.HTTP_202_ACCEPTED,
            )
        agreement = selectors.agreement_visible(user=request.user, pk=self.url_pk())
        found = selectors.current_document(agreement)
        if found is None:
            raise exceptions.NotFound(gettext_now("Il PDF di questo accordo non è stato ancora richiesto."))
        return Response(DocumentSerializer(found, context=self.get_serializer_context()).data)

    @extend_schema(
        summary=_("Scarica il PDF pronto"),
        parameters=[
            OpenApiParameter(
                "document_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Id del PDF.")
            )
        ],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description=_("Il file PDF.")),
            **errors(401, 404),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"documents/(?P<document_pk>[^/.]+)/pdf",
        url_name="document-pdf",
        renderer_classes=[*RegistryViewSet.renderer_classes, PdfRenderer],
    )
    def document_pdf(self, request: Request, *args: Any, **kwargs: Any) -> FileResponse:
        agreement = selectors.agreement_visible(user=request.user, pk=self.url_pk())
        try:
            document_pk = int(kwargs["document_pk"])
        except ValueError:
            raise Http404 from None
        document = selectors.ready_document(agreement, document_pk)
        return _attachment(document.file, document.file.name.rsplit("/", 1)[-1], "application/pdf")


# --- what an organization owes ----------------------------------------------------------------------------


@extend_schema(tags=["agreements"])
class OrganizationAgreementsView(APIView):
    """Gli accordi di cui un ente è parte (tra quelli che l'utente può vedere), quanto deve su ciascuno e in
    tutto, e se si attende la sua firma."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary=_("Accordi di un ente e quanto deve"),
        parameters=[
            OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Id dell'ente."))
        ],
        responses={200: OrganizationAgreementsSerializer, **errors(401, 404)},
    )
    def get(self, request: Request, id: str) -> Response:
        if not id.isdigit():
            raise Http404
        organization = get_object_or_404(
            governance_selectors.organization_list(user=request.user), pk=int(id)
        )
        rows = selectors.agreements_of_organization(user=request.user, organization=organization)
        data = {"organization": organization, "total_owed": selectors.total_owed(rows), "agreements": rows}
        return Response(OrganizationAgreementsSerializer(data, context={"request": request}).data)
