"""Viewsets of the sub-ambiti API: the same thin shape as governance.api.views."""

from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.filters import SearchFilter
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import (
    RegistryViewSet,
    StableOrderingFilter,
    create_schema,
    list_schema,
    retrieve_schema,
    update_schema,
)
from governance.api.inputs import MembershipEndInputSerializer
from subambiti import selectors, services
from subambiti.api.serializers import (
    SubAmbitoCreateInputSerializer,
    SubAmbitoDetailSerializer,
    SubAmbitoFilterSerializer,
    SubAmbitoIdFilterSerializer,
    SubAmbitoMembershipCreateInputSerializer,
    SubAmbitoMembershipSerializer,
    SubAmbitoSerializer,
    SubAmbitoUpdateInputSerializer,
)
from subambiti.models import SubAmbito, SubAmbitoMembership


@extend_schema(tags=["subambiti"])
@extend_schema_view(
    list=list_schema(SubAmbitoSerializer, SubAmbitoFilterSerializer),
    retrieve=retrieve_schema(SubAmbitoDetailSerializer),
    create=create_schema(SubAmbitoCreateInputSerializer, SubAmbitoDetailSerializer),
    partial_update=update_schema(SubAmbitoUpdateInputSerializer, SubAmbitoDetailSerializer),
)
class SubAmbitoViewSet(RegistryViewSet[SubAmbito]):
    """Sub-ambiti degli ambiti che l'utente può vedere; il dettaglio elenca gli enti che ne fanno parte oggi."""

    queryset = SubAmbito.objects.none()
    serializer_class = SubAmbitoSerializer
    detail_serializer_class = SubAmbitoDetailSerializer
    filter_serializer_class = SubAmbitoFilterSerializer
    ordering_fields = ["number", "name"]

    def select(self, **filters: Any) -> QuerySet[SubAmbito]:
        return selectors.subambito_list(user=self.request.user, **filters)

    def select_one(self, pk: int) -> SubAmbito:
        return selectors.subambito_detail(user=self.request.user, pk=pk)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = self.validated(SubAmbitoCreateInputSerializer)
        subambito = services.subambito_create(actor=request.user, ambito=fields.pop("ambito"), **fields)
        return self.written(subambito, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        subambito = self.get_object()
        changes = self.validated(SubAmbitoUpdateInputSerializer, partial=True)
        services.subambito_update(actor=request.user, subambito=subambito, **changes)
        return self.written(subambito)


@extend_schema(tags=["subambiti"])
@extend_schema_view(
    list=list_schema(SubAmbitoMembershipSerializer, SubAmbitoIdFilterSerializer),
    retrieve=retrieve_schema(SubAmbitoMembershipSerializer),
    create=create_schema(SubAmbitoMembershipCreateInputSerializer, SubAmbitoMembershipSerializer),
    end=update_schema(
        MembershipEndInputSerializer,
        SubAmbitoMembershipSerializer,
        summary=_("Chiude l'appartenenza di un ente al sub-ambito"),
    ),
)
class SubAmbitoMembershipViewSet(RegistryViewSet[SubAmbitoMembership]):
    """Appartenenze degli enti ai sub-ambiti, nel tempo: si aggiungono e si chiudono con una data di fine."""

    queryset = SubAmbitoMembership.objects.none()
    serializer_class = SubAmbitoMembershipSerializer
    filter_serializer_class = SubAmbitoIdFilterSerializer
    filter_backends = [SearchFilter, StableOrderingFilter]
    search_fields = ["organization__name", "=organization__istat_code", "subambito__name"]
    ordering_fields = ["organization__name", "start_date", "end_date"]

    def select(self, **filters: Any) -> QuerySet[SubAmbitoMembership]:
        return selectors.subambito_membership_list(user=self.request.user, **filters)

    def permission_target(self, obj: SubAmbitoMembership) -> Model:
        return obj.subambito

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = self.validated(SubAmbitoMembershipCreateInputSerializer)
        membership = services.subambito_member_add(actor=request.user, **fields)
        return self.written(membership, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def end(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        membership = self.get_object()
        fields = self.validated(MembershipEndInputSerializer)
        services.subambito_member_end(actor=request.user, membership=membership, end_date=fields["end_date"])
        return self.written(membership)
