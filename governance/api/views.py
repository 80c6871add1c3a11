"""Viewsets of the registry API: thin, in the house style.

* Reads go through the selectors, which already filter by the user's object permissions and already join what
  the serializers render: list and detail see the same rows, a row the user may not see is a 404, and the
  number of queries does not grow with the rows on a page.
* Writes validate the body with an input serializer, make ONE service call (keyword-only, `actor=request.user`)
  and render the row again through the detail selector. The services check permissions, `full_clean()` and run
  in a transaction; their django ValidationError / PermissionDenied become the structured 400 / 403 of
  core.api.conventions.exception_handler.
* A row the user may see but not change answers 403 before its body is even validated (`ChangePermission`).
* No DELETE anywhere: the registry keeps its history with end dates (memberships have an `end` action).
"""

from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.filters import SearchFilter
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import (
    RegistryViewSet,
    StableOrderingFilter,
    create_schema,
    errors,
    list_schema,
    retrieve_schema,
    update_schema,
)
from governance import permissions, selectors, services
from governance.api.inputs import (
    AmbitoFilterSerializer,
    AmbitoMembershipCreateInputSerializer,
    AmbitoUpdateInputSerializer,
    MandateCreateInputSerializer,
    MandateUpdateInputSerializer,
    MembershipEndInputSerializer,
    OrganCreateInputSerializer,
    OrganFilterSerializer,
    OrganIdFilterSerializer,
    OrganizationCreateInputSerializer,
    OrganizationFilterSerializer,
    OrganizationIdFilterSerializer,
    OrganizationUpdateInputSerializer,
    OrganUpdateInputSerializer,
    PersonFilterSerializer,
    PersonInputSerializer,
    PersonSearchInputSerializer,
    PopulationFigureInputSerializer,
    SearchFilterSerializer,
    SeatCreateInputSerializer,
    SeatUpdateInputSerializer,
)
from governance.api.serializers import (
    AmbitoDetailSerializer,
    AmbitoMembershipSerializer,
    AmbitoSerializer,
    MandateSerializer,
    MeSerializer,
    OrganDetailSerializer,
    OrganizationDetailSerializer,
    OrganizationSerializer,
    OrganSerializer,
    PersonDetailSerializer,
    PersonSerializer,
    PopulationFigureSerializer,
    SeatSerializer,
)
from governance.models import (
    Ambito,
    AmbitoMembership,
    Mandate,
    Organ,
    Organization,
    Person,
    PopulationFigure,
    Seat,
    User,
)

# --- schema helpers ------------------------------------------------------------------------------------


# --- shared machinery ----------------------------------------------------------------------------------


# --- organizations -------------------------------------------------------------------------------------


@extend_schema(tags=["organizations"])
@extend_schema_view(
    list=list_schema(OrganizationSerializer, OrganizationFilterSerializer),
    retrieve=retrieve_schema(OrganizationDetailSerializer),
    create=create_schema(
        OrganizationCreateInputSerializer,
        OrganizationDetailSerializer,
        description=_(
            "Inserisce un ente nel registro di un ambito (serve il permesso di modifica sull'ambito)."
        ),
    ),
    partial_update=update_schema(
        OrganizationUpdateInputSerializer,
        OrganizationDetailSerializer,
        description=_(
            "Modifica un ente. I dati identificativi (tipo, denominazione, codici ISTAT e catastale, provincia, "
            "registro, cessazione) li modifica solo l'Ufficio di Piano dell'ambito."
        ),
    ),
)
class OrganizationViewSet(RegistryViewSet[Organization]):
    """Enti del registro (comuni, unioni, ASL/ATS, aziende speciali, ETS...) che l'utente può vedere."""

    queryset = Organization.objects.none()
    serializer_class = OrganizationSerializer
    detail_serializer_class = OrganizationDetailSerializer
    filter_serializer_class = OrganizationFilterSerializer
    ordering_fields = ["name", "istat_code"]

    def select(self, **filters: Any) -> QuerySet[Organization]:
        return selectors.organization_list(user=self.request.user, **filters)

    def select_one(self, pk: int) -> Organization:
        return selectors.organization_detail(user=self.request.user, pk=pk)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = self.validated(OrganizationCreateInputSerializer)
        ambito = fields.pop("ambito")
        organization = services.organization_create(actor=request.user, ambito=ambito, **fields)
        return self.written(organization, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        organization = self.get_object()
        changes = self.validated(OrganizationUpdateInputSerializer, partial=True)
        services.organization_update(actor=request.user, organization=organization, **changes)
        return self.written(organization)


# --- ambiti and their members --------------------------------------------------------------------------


@extend_schema(tags=["ambiti"])
@extend_schema_view(
    list=list_schema(AmbitoSerializer, SearchFilterSerializer),
    retrieve=retrieve_schema(AmbitoDetailSerializer),
    partial_update=update_schema(AmbitoUpdateInputSerializer, AmbitoDetailSerializer),
)
class AmbitoViewSet(RegistryViewSet[Ambito]):
    """Ambiti territoriali sociali che l'utente può vedere; il dettaglio elenca i comuni che ne fanno parte oggi."""

    queryset = Ambito.objects.none()
    serializer_class = AmbitoSerializer
    detail_serializer_class = AmbitoDetailSerializer
    filter_serializer_class = SearchFilterSerializer
    ordering_fields = ["name"]

    def select(self, **filters: Any) -> QuerySet[Ambito]:
        return selectors.ambito_list(user=self.request.user, **filters)

    def select_one(self, pk: int) -> Ambito:
        return selectors.ambito_detail(user=self.request.user, pk=pk)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ambito = self.get_object()
        changes = self.validated(AmbitoUpdateInputSerializer, partial=True)
        services.ambito_update(actor=request.user, ambito=ambito, **changes)
        return self.written(ambito)


@extend_schema(tags=["ambiti"])
@extend_schema_view(
    list=list_schema(AmbitoMembershipSerializer, AmbitoFilterSerializer),
    retrieve=retrieve_schema(AmbitoMembershipSerializer),
    create=create_schema(AmbitoMembershipCreateInputSerializer, AmbitoMembershipSerializer),
    end=update_schema(
        MembershipEndInputSerializer,
        AmbitoMembershipSerializer,
        summary=_("Chiude l'appartenenza di un comune all'ambito"),
    ),
)
class AmbitoMembershipViewSet(RegistryViewSet[AmbitoMembership]):
    """Appartenenze dei comuni agli ambiti, nel tempo: si aggiungono e si chiudono con una data di fine, non si cancellano."""

    queryset = AmbitoMembership.objects.none()
    serializer_class = AmbitoMembershipSerializer
    filter_serializer_class = AmbitoFilterSerializer
    filter_backends = [SearchFilter, StableOrderingFilter]
    search_fields = ["organization__name", "=organization__istat_code", "ambito__name"]
    ordering_fields = ["organization__name", "start_date", "end_date"]

    def select(self, **filters: Any) -> QuerySet[AmbitoMembership]:
        return selectors.ambito_membership_list(user=self.request.user, **filters)

    def permission_target(self, obj: AmbitoMembership) -> Model:
        return obj.ambito

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = self.validated(AmbitoMembershipCreateInputSerializer)
        membership = services.ambito_member_add(actor=request.user, **fields)
        return self.written(membership, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def end(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        membership = self.get_object()
        fields = self.validated(MembershipEndInputSerializer)
        services.ambito_member_end(actor=request.user, membership=membership, end_date=fields["end_date"])
        return self.written(membership)


# --- people and mandates -------------------------------------------------------------------------------


@extend_schema(tags=["persons"])
@extend_schema_view(
    list=list_schema(PersonSerializer, PersonFilterSerializer),
    search=extend_schema(
        request=PersonSearchInputSerializer,
        responses={200: PersonSerializer(many=True), **errors(400, 401)},
        description=_(
            "Cerca una persona per codice fiscale: il codice va nel corpo della richiesta, mai nell'indirizzo "
            "(che resta nei registri dei server e nella cronologia)."
        ),
    ),
    retrieve=retrieve_schema(PersonDetailSerializer),
    partial_update=update_schema(
        PersonInputSerializer,
        PersonDetailSerializer,
        description=_(
            "Modifica una persona: può farlo chi può modificare un ente in cui la persona ha un incarico."
        ),
    ),
)
class PersonViewSet(RegistryViewSet[Person]):
    """Persone del registro: quelle con un incarico in un ente visibile o un posto in un organo visibile."""

    queryset = Person.objects.none()
    serializer_class = PersonSerializer
    detail_serializer_class = PersonDetailSerializer
    filter_serializer_class = PersonFilterSerializer
    ordering_fields = ["family_name", "given_name"]

    @action(detail=False, methods=["post"], pagination_class=None)
    def search(self, request: Request) -> Response:
        fields = self.validated(PersonSearchInputSerializer)
        people = selectors.person_list(user=request.user, tax_code=fields["tax_code"])
        return Response(PersonSerializer(people, many=True, context={"request": request}).data)

    def select(self, **filters: Any) -> QuerySet[Person]:
        return selectors.person_list(user=self.request.user, **filters)

    def select_one(self, pk: int) -> Person:
        return selectors.person_detail(user=self.request.user, pk=pk)

    def may_change(self, obj: Person) -> bool:
        return permissions.may_edit_person(self.request.user, obj)  # the rule person_update applies

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        changes = self.validated(PersonInputSerializer, partial=True)
        services.person_update(actor=request.user, person=person, **changes)
        return self.written(person)


@extend_schema(tags=["persons"])
@extend_schema_view(
    list=list_schema(MandateSerializer, OrganizationIdFilterSerializer),
    retrieve=retrieve_schema(MandateSerializer),
    create=create_schema(
        MandateCreateInputSerializer,
        MandateSerializer,
        description=_(
            "Registra un incarico: indica `person` (una persona già registrata) oppure `new_person`."
        ),
    ),
    partial_update=update_schema(MandateUpdateInputSerializer, MandateSerializer),
)
class MandateViewSet(RegistryViewSet[Mandate]):
    """Incarichi (sindaco, assessore, direttore...) negli enti che l'utente può vedere."""

    queryset = Mandate.objects.none()
    serializer_class = MandateSerializer
    filter_serializer_class = OrganizationIdFilterSerializer
    filter_backends = [SearchFilter, StableOrderingFilter]
    search_fields = ["person__family_name", "person__given_name", "organization__name", "title"]
    ordering_fields = ["start_date", "end_date", "role", "organization__name", "person__family_name"]

    def select(self, **filters: Any) -> QuerySet[Mandate]:
        return selectors.mandate_list(user=self.request.user, **filters)

    def permission_target(self, obj: Mandate) -> Model:
        return obj.organization

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = self.validated(MandateCreateInputSerializer)
        new_person = fields.pop("new_person", None)
        mandate = services.mandate_create(
            actor=request.user,
            organization=fields.pop("organization"),
            role=fields.pop("role"),
            person=fields.pop("person", None),
            new_person=dict(new_person) if new_person is not None else None,
            **fields,
        )
        return self.written(mandate, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        mandate = self.get_object()
        changes = self.validated(MandateUpdateInputSerializer, partial=True)
        services.mandate_update(actor=request.user, mandate=mandate, **changes)
        return self.written(mandate)


# --- organs and seats ----------------------------------------------------------------------------------


@extend_schema(tags=["organs"])
@extend_schema_view(
    list=list_schema(OrganSerializer, OrganFilterSerializer),
    retrieve=retrieve_schema(OrganDetailSerializer),
    create=create_schema(OrganCreateInputSerializer, OrganDetailSerializer),
    partial_update=update_schema(OrganUpdateInputSerializer, OrganDetailSerializer),
)
class OrganViewSet(RegistryViewSet[Organ]):
    """Organi (Assemblea dei Sindaci, Ufficio di Piano, tavoli...) che l'utente può vedere."""

    queryset = Organ.objects.none()
    serializer_class = OrganSerializer
    detail_serializer_class = OrganDetailSerializer
    filter_serializer_class = OrganFilterSerializer
    ordering_fields = ["name", "kind"]

    def select(self, **filters: Any) -> QuerySet[Organ]:
        return selectors.organ_list(user=self.request.user, **filters)

    def select_one(self, pk: int) -> Organ:
        return selectors.organ_detail(user=self.request.user, pk=pk)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = self.validated(OrganCreateInputSerializer)
        organ = services.organ_create(actor=request.user, ambiti=fields.pop("ambiti", []), **fields)
        return self.written(organ, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        organ = self.get_object()
        changes = self.validated(OrganUpdateInputSerializer, partial=True)
        services.organ_update(actor=request.user, organ=organ, **changes)
        return self.written(organ)


@extend_schema(tags=["organs"])
@extend_schema_view(
    list=list_schema(SeatSerializer, OrganIdFilterSerializer),
    retrieve=retrieve_schema(SeatSerializer),
    create=create_schema(SeatCreateInputSerializer, SeatSerializer),
    partial_update=update_schema(SeatUpdateInputSerializer, SeatSerializer),
)
class SeatViewSet(RegistryViewSet[Seat]):
    """Componenti degli organi: l'ente rappresentato e/o la persona, il ruolo nell'organo, il periodo."""

    queryset = Seat.objects.none()
    serializer_class = SeatSerializer
    filter_serializer_class = OrganIdFilterSerializer
    filter_backends = [SearchFilter, StableOrderingFilter]
    search_fields = ["organization__name", "person__family_name", "capacity_note"]
    ordering_fields = ["capacity", "start_date", "end_date", "organ__name"]

    def select(self, **filters: Any) -> QuerySet[Seat]:
        return selectors.seat_list(user=self.request.user, **filters)

    def may_change(self, obj: Seat) -> bool:
        return permissions.may_edit_seat(self.request.user, obj)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = self.validated(SeatCreateInputSerializer)
        seat = services.seat_create(actor=request.user, organ=fields.pop("organ"), **fields)
        return self.written(seat, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        seat = self.get_object()
        changes = self.validated(SeatUpdateInputSerializer, partial=True)
        services.seat_update(actor=request.user, seat=seat, **changes)
        return self.written(seat)


# --- population ----------------------------------------------------------------------------------------


@extend_schema(tags=["organizations"])
@extend_schema_view(
    list=list_schema(PopulationFigureSerializer, OrganizationIdFilterSerializer),
    retrieve=retrieve_schema(PopulationFigureSerializer),
    create=extend_schema(
        request=PopulationFigureInputSerializer,
        responses={200: PopulationFigureSerializer, 201: PopulationFigureSerializer, **errors(400, 401, 403)},
        description=_(
            "Registra la popolazione di un comune a una data: 201 se il dato è nuovo, "
            "200 se corregge quello già registrato per la stessa data."
        ),
    ),
)
class PopulationFigureViewSet(RegistryViewSet[PopulationFigure]):
    """Popolazione residente dei comuni alle date di riferimento ISTAT."""

    queryset = PopulationFigure.objects.none()
    serializer_class = PopulationFigureSerializer
    filter_serializer_class = OrganizationIdFilterSerializer
    filter_backends = [SearchFilter, StableOrderingFilter]
    search_fields = ["organization__name", "=organization__istat_code"]
    ordering_fields = ["reference_date", "population", "organization__name"]

    def select(self, **filters: Any) -> QuerySet[PopulationFigure]:
        return selectors.population_list(user=self.request.user, **filters)

    def permission_target(self, obj: PopulationFigure) -> Model:
        return obj.organization

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = self.validated(PopulationFigureInputSerializer)
        existed = (
            self.select()
            .filter(organization=fields["organization"], reference_date=fields["reference_date"])
            .exists()
        )
        figure = services.population_figure_record(actor=request.user, **fields)
        return self.written(figure, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)


# --- the current user ----------------------------------------------------------------------------------


@extend_schema(tags=["me"])
class MeView(APIView):
    """L'utente autenticato e i ruoli con cui agisce per conto degli enti."""

    @extend_schema(responses={200: MeSerializer, **errors(401)})
    def get(self, request: Request) -> Response:
        user = request.user
        assert isinstance(user, User)  # IsAuthenticated let the request through
        assignments = selectors.role_assignments_for_user(user=user)
        return Response(MeSerializer(user, context={"role_assignments": assignments}).data)
