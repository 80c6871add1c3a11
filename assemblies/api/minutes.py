"""The minutes, the compliance board and the public acts through the API, with the pages' permissions: minutes are
read by whoever sees the session and written by its secretary or the Ufficio di Piano (403 otherwise, 404 when the
organ is not visible); the board by the Ufficio di Piano of the ambito or organ; the public acts without login."""

from typing import Any

from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agreements.api.base import action_schema, service_errors
from assemblies import compliance, rules, selectors, services
from assemblies.api.inputs import (
    MinutesFilterSerializer,
    MinutesTextInputSerializer,
    PublicActFilterSerializer,
    PublishInputSerializer,
    ReasonInputSerializer,
)
from assemblies.api.serializers import (
    BoardSerializer,
    MinutesRevisionSerializer,
    MinutesSerializer,
    PublicActSerializer,
)
from assemblies.models import Minutes, MinutesRevision, MinutesSignature, PublishedAct
from core.api.base import RegistryViewSet, errors
from core.api.conventions import Pagination
from governance import selectors as governance_selectors


@extend_schema(tags=["assemblies"])
@extend_schema_view(
    list=extend_schema(
        summary=_("Verbali delle sedute visibili"),
        parameters=[MinutesFilterSerializer],
        responses={200: MinutesSerializer, **errors(400, 401, 404)},
    ),
    retrieve=extend_schema(summary=_("Un verbale"), responses={200: MinutesSerializer, **errors(401, 404)}),
    text=action_schema(
        MinutesTextInputSerializer,
        MinutesSerializer,
        _("Salva il testo come nuova revisione"),
        description=_("Solo in bozza; `base_revision` diversa dall'ultima è un 400 `conflict`."),
    ),
    finalize=action_schema(None, MinutesSerializer, _("Rende definitivo il testo e ne chiede il PDF/A")),
    reopen=action_schema(
        ReasonInputSerializer, MinutesSerializer, _("Riporta in bozza (nessuna firma ancora)")
    ),
    sign_test=action_schema(
        None, MinutesSerializer, _("Firma di turno con il certificato di prova (solo sistemi di prova)")
    ),
    send=action_schema(None, MinutesSerializer, _("Invia il verbale di un Tavolo agli enti firmatari")),
    publish=action_schema(
        PublishInputSerializer,
        PublicActSerializer,
        _("Pubblica all'albo la copia con omissis"),
        status_code=201,
    ),
)
class MinutesViewSet(RegistryViewSet[Minutes]):
    """Verbali: bozza scritta dal sistema alla chiusura, revisioni, testo definitivo, firme, approvazione."""

    queryset = Minutes.objects.none()
    serializer_class = MinutesSerializer
    filter_serializer_class = MinutesFilterSerializer
    ordering_fields = ["session__starts_at"]

    def select(self, **filters: Any) -> QuerySet[Minutes]:
        rows = Minutes.objects.filter(session__in=rules.visible_sessions(self.request.user)).select_related(
            "session__organ"
        )
        if "organ" in filters:
            rows = rows.filter(session__organ_id=filters["organ"])
        if "status" in filters:
            rows = rows.filter(status=filters["status"])
        return rows.order_by("-session__starts_at", "pk")

    def may_change(self, obj: Minutes) -> bool:
        return rules.may_write_minutes(self.request.user, obj.session)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        page = getattr(self, "_rows", None)
        if page is not None:
            signatures: dict[int, list[MinutesSignature]] = {}
            current = MinutesSignature.objects.filter(
                document__minutes__in=page, document__revision=F("document__minutes__revision")
            ).select_related("document")
            for row in current.order_by("sequence"):
                signatures.setdefault(row.document.minutes_id, []).append(row)
            context["signatures"] = signatures
        return context

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self._rows = list(page or [])
        return self.get_paginated_response(self.get_serializer(self._rows, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._answer(self.minutes())

    def minutes(self) -> Minutes:
        return get_object_or_404(self.select(), pk=self.url_pk())

    def _answer(self, minutes: Minutes, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.select().get(pk=minutes.pk)
        self._rows = [fresh]
        return Response(self.get_serializer(fresh).data, status=code)

    def _writable(self) -> Minutes:
        minutes = self.minutes()
        if not self.may_change(minutes):
            raise PermissionDenied(_("Il verbale lo redige il segretario della seduta o l'Ufficio di Piano."))
        return minutes

    @action(detail=True, methods=["post"])
    def text(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        minutes = self._writable()
        fields = self.validated(MinutesTextInputSerializer)
        with service_errors("text"):
            services.minutes_edit(
                actor=request.user,
                minutes=minutes,
                text=fields["text"],
                summary=fields.get("summary", ""),
                base_revision=fields["base_revision"],
            )
        return self._answer(minutes)

    @extend_schema(
        summary=_("Revisioni del testo"),
        responses={200: MinutesRevisionSerializer(many=True), **errors(401, 403, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def revisions(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        minutes = self._writable()
        rows = MinutesRevision.objects.filter(minutes=minutes).select_related("author")
        return Response(MinutesRevisionSerializer(rows, many=True).data)

    @action(detail=True, methods=["post"])
    def finalize(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        minutes = self._writable()
        with service_errors():
            services.minutes_finalize(actor=request.user, minutes=minutes)
        return self._answer(minutes)

    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        minutes = self._writable()
        fields = self.validated(ReasonInputSerializer)
        with service_errors("reason"):
            services.minutes_reopen(actor=request.user, minutes=minutes, reason=fields["reason"])
        return self._answer(minutes)

    @action(detail=True, methods=["post"], url_path="sign-test")
    def sign_test(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        minutes = self.minutes()
        with service_errors():
            services.minutes_sign_with_test_certificate(actor=request.user, minutes=minutes)
        return self._answer(minutes)

    @action(detail=True, methods=["post"])
    def send(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        minutes = self._writable()
        with service_errors():
            services.minutes_send(actor=request.user, minutes=minutes)
        return self._answer(minutes)

    @action(detail=True, methods=["post"])
    def publish(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        minutes = self.minutes()
        if not rules.may_publish(request.user, minutes.session.organ):
            raise PermissionDenied(_("Gli atti li pubblica l'Ufficio di Piano che gestisce l'organo."))
        fields = self.validated(PublishInputSerializer)
        with service_errors("names"):
            act = services.publish_minutes(actor=request.user, minutes=minutes, names=fields.get("names", ""))
        return Response(
            PublicActSerializer(act, context={"today": timezone.localdate()}).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(
    tags=["assemblies"],
    summary=_("Quadro degli adempimenti di un ambito"),
    responses={200: BoardSerializer, **errors(401, 403, 404)},
)
class AmbitoBoardView(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request: Request, pk: int) -> Response:
        ambito = governance_selectors.ambito_detail(user=request.user, pk=pk)
        if not rules.may_see_ambito_board(request.user, ambito):
            raise PermissionDenied(_("Il quadro è dell'Ufficio di Piano dell'ambito."))
        return Response(BoardSerializer(board_data(compliance.ambito_board(ambito))).data)


@extend_schema(
    tags=["assemblies"],
    summary=_("Quadro degli adempimenti di un organo"),
    responses={200: BoardSerializer, **errors(401, 403, 404)},
)
class OrganBoardView(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request: Request, pk: int) -> Response:
        organ = selectors.organ_for(user=request.user, pk=pk)
        if not rules.may_see_organ_board(request.user, organ):
            raise PermissionDenied(_("Il quadro è dell'Ufficio di Piano che gestisce l'organo."))
        return Response(BoardSerializer(board_data(compliance.organ_board(organ))).data)


def board_data(board: compliance.Board) -> dict[str, Any]:
    return {
        "today": board.today,
        "late_count": len(board.late),
        "findings": board.findings,
        "deadlines": board.deadlines,
    }


@extend_schema(tags=["public"])
@extend_schema_view(
    list=extend_schema(
        summary=_("Atti pubblicati all'albo (senza accesso)"),
        parameters=[PublicActFilterSerializer],
        responses={200: PublicActSerializer, **errors(400, 404)},
    ),
    retrieve=extend_schema(
        summary=_("Un atto pubblicato"), responses={200: PublicActSerializer, **errors(404)}
    ),
)
class PublicActViewSet(viewsets.ReadOnlyModelViewSet[PublishedAct]):
    """Copie pubblicate (dati personali oscurati) delle deliberazioni adottate e dei verbali approvati."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    serializer_class = PublicActSerializer
    pagination_class = Pagination
    queryset = PublishedAct.objects.none()

    def get_queryset(self) -> QuerySet[PublishedAct]:
        filters = PublicActFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        rows = selectors.public_acts().order_by("-created_at", "-pk")
        today = timezone.localdate()
        if filters.validated_data.get("organ"):
            rows = rows.filter(organ_id=filters.validated_data["organ"])
        on_board = filters.validated_data.get("on_board")
        if on_board is True:
            rows = rows.filter(published_from__lte=today, published_until__gte=today)
        elif on_board is False:
            rows = rows.exclude(published_from__lte=today, published_until__gte=today)
        return rows

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": timezone.localdate()}
