"""Every read the views and the API make: already filtered by object permission and already joined."""

from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.models import PeriodModel
from governance import permissions
from governance.models import (
    Ambito,
    AmbitoMembership,
    Mandate,
    MandateRole,
    Organ,
    Organization,
    OrganizationMembership,
    Person,
    PopulationFigure,
    Province,
    RoleAssignment,
    Seat,
)


def current_members_q(relation: str = "memberships") -> Q:
    """Memberships in force today (an unknown start counts as 'since before'), for annotations."""
    today = timezone.localdate()
    started = Q(**{f"{relation}__start_date__isnull": True}) | Q(**{f"{relation}__start_date__lte": today})
    not_ended = Q(**{f"{relation}__end_date__isnull": True}) | Q(**{f"{relation}__end_date__gte": today})
    return started & not_ended


def role_assignments_for_user(*, user: Any) -> list[RoleAssignment]:
    return list(RoleAssignment.objects.filter(user=user).select_related("organization"))


# --- organizations ------------------------------------------------------------------------------


def organization_list(
    *,
    user: Any,
    search: str = "",
    kind: str = "",
    province: str = "",
    ambito: int | None = None,
    action: str = permissions.VIEW,
) -> QuerySet[Organization]:
    queryset = permissions.filter_visible(user, Organization.objects.all(), action).select_related(
        "province", "registered_in"
    )
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search)
            | Q(aliases__name__icontains=search)
            | Q(istat_code=search)
            | Q(cadastral_code__iexact=search)
            | Q(tax_code=search)
        ).distinct()
    if kind:
        queryset = queryset.filter(kind=kind)
    if province:
        queryset = queryset.filter(province__abbreviation__iexact=province)
    if ambito:
        queryset = queryset.filter(ambito_memberships__ambito_id=ambito).distinct()
    return queryset.order_by("name", "pk")


def organization_detail(*, user: Any, pk: int) -> Organization:
    queryset = (
        permissions.filter_visible(user, Organization.objects.all())
        .select_related("province__region", "registered_in")
        .prefetch_related(
            "aliases",
            Prefetch(
                "mandates", queryset=Mandate.objects.select_related("person").order_by("-attested_on", "role")
            ),
            Prefetch(
                "ambito_memberships",
                queryset=AmbitoMembership.objects.select_related("ambito").order_by("-start_date"),
            ),
            Prefetch(
                "seats", queryset=Seat.objects.select_related("organ", "person").order_by("organ__name")
            ),
            Prefetch("population_figures", queryset=PopulationFigure.objects.order_by("-reference_date")),
            Prefetch(
                "member_links",
                queryset=OrganizationMembership.objects.select_related("member").order_by("member__name"),
            ),
            Prefetch(
                "parent_links",
                queryset=OrganizationMembership.objects.select_related("parent").order_by("parent__name"),
            ),
        )
    )
    return get_object_or_404(queryset, pk=pk)


def latest_population(organization: Organization) -> PopulationFigure | None:
    figures = list(organization.population_figures.all())
    return figures[0] if figures else None


def province_choices() -> QuerySet[Province]:
    return Province.objects.order_by("name")


# --- ambiti -------------------------------------------------------------------------------------


def ambito_list(*, user: Any, search: str = "", action: str = permissions.VIEW) -> QuerySet[Ambito]:
    queryset = (
        permissions.filter_visible(user, Ambito.objects.all(), action)
        .select_related("capofila", "ente_gestore", "province")
        .annotate(member_count=Count("memberships", filter=current_members_q(), distinct=True))
    )
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search) | Q(memberships__organization__name__icontains=search)
        ).distinct()
    return queryset.order_by("name")


def ambito_detail(*, user: Any, pk: int) -> Ambito:
    queryset = (
        permissions.filter_visible(user, Ambito.objects.all())
        .select_related("capofila", "ente_gestore", "province")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=AmbitoMembership.objects.select_related("organization").order_by(
                    "organization__name"
                ),
            ),
            Prefetch("organs", queryset=Organ.objects.order_by("name")),
        )
    )
    return get_object_or_404(queryset, pk=pk)


def visible_ids(*, user: Any, model: type[Any]) -> set[int]:
    """Primary keys of `model` the user may open: used to decide which names in a page become links."""
    return set(permissions.filter_visible(user, model._default_manager.all()).values_list("pk", flat=True))


# --- people -------------------------------------------------------------------------------------


def person_list(*, user: Any, search: str = "", tax_code: str = "") -> QuerySet[Person]:
    """People the user may see; `search` matches names, `tax_code` the codice fiscale exactly (it arrives in
    a request body, never in a URL)."""
    if not (user.is_authenticated and user.is_active):
        return Person.objects.none()
    organizations = permissions.filter_visible(user, Organization.objects.all())
    organs = permissions.filter_visible(user, Organ.objects.all())
    queryset = Person.objects.all()
    if not permissions.is_platform_admin(user):
        queryset = queryset.filter(
            Q(mandates__organization__in=organizations) | Q(seats__organ__in=organs) | Q(user=user)
        ).distinct()
    if search:
        queryset = queryset.filter(Q(family_name__icontains=search) | Q(given_name__icontains=search))
    if tax_code:
        queryset = queryset.filter(tax_code__iexact=tax_code.strip())
    return queryset.order_by("family_name", "given_name", "pk")


def person_detail(*, user: Any, pk: int) -> Person:
    queryset = person_list(user=user).prefetch_related(
        Prefetch(
            "mandates", queryset=Mandate.objects.select_related("organization").order_by("-attested_on")
        ),
        Prefetch("seats", queryset=Seat.objects.select_related("organ", "organization")),
    )
    return get_object_or_404(queryset, pk=pk)


# --- organs -------------------------------------------------------------------------------------


def organ_list(*, user: Any, search: str = "", kind: str = "", ambito: int | None = None) -> QuerySet[Organ]:
    queryset = (
        permissions.filter_visible(user, Organ.objects.all())
        .select_related("organization")
        .prefetch_related(Prefetch("ambiti", queryset=Ambito.objects.order_by("name")))
        .annotate(seat_count=Count("seats", distinct=True))
    )
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(acronym__iexact=search))
    if kind:
        queryset = queryset.filter(kind=kind)
    if ambito:
        queryset = queryset.filter(ambiti__id=ambito)
    return queryset.order_by("name", "pk")


def organ_detail(*, user: Any, pk: int) -> Organ:
    queryset = (
        permissions.filter_visible(user, Organ.objects.all())
        .select_related("organization", "parent", "managing_body")
        .prefetch_related(
            Prefetch("ambiti", queryset=Ambito.objects.order_by("name")),
            Prefetch(
                "seats",
                queryset=Seat.objects.select_related("organization", "person").order_by(
                    "capacity", "organization__name", "person__family_name"
                ),
            ),
            "children",
        )
    )
    return get_object_or_404(queryset, pk=pk)


def seat_list(*, user: Any, organ: int | None = None) -> QuerySet[Seat]:
    organs = permissions.filter_visible(user, Organ.objects.all())
    queryset = Seat.objects.filter(organ__in=organs).select_related("organ", "organization", "person")
    if organ:
        queryset = queryset.filter(organ_id=organ)
    return queryset.order_by("organ__name", "capacity", "pk")


def mandate_list(*, user: Any, organization: int | None = None) -> QuerySet[Mandate]:
    organizations = permissions.filter_visible(user, Organization.objects.all())
    queryset = Mandate.objects.filter(organization__in=organizations).select_related("person", "organization")
    if organization:
        queryset = queryset.filter(organization_id=organization)
    return queryset.order_by("organization__name", "role", "pk")


def ambito_membership_list(*, user: Any, ambito: int | None = None) -> QuerySet[AmbitoMembership]:
    ambiti = permissions.filter_visible(user, Ambito.objects.all())
    queryset = AmbitoMembership.objects.filter(ambito__in=ambiti).select_related("ambito", "organization")
    if ambito:
        queryset = queryset.filter(ambito_id=ambito)
    return queryset.order_by("ambito__name", "organization__name", "pk")


def population_list(*, user: Any, organization: int | None = None) -> QuerySet[PopulationFigure]:
    organizations = permissions.filter_visible(user, Organization.objects.all())
    queryset = PopulationFigure.objects.filter(organization__in=organizations).select_related("organization")
    if organization:
        queryset = queryset.filter(organization_id=organization)
    return queryset.order_by("organization__name", "-reference_date", "pk")


def representative_on(organization: Organization, day: date) -> Mandate | None:
    """Who represents the body on `day`: its sindaco, presidente, direttore or legal representative in office."""
    roles = [
        MandateRole.SINDACO,
        MandateRole.PRESIDENTE,
        MandateRole.DIRETTORE,
        MandateRole.LEGALE_RAPPRESENTANTE,
    ]
    mandates = Mandate.objects.filter(organization=organization, role__in=roles).select_related("person")
    return PeriodModel.overlapping(mandates, day, day).order_by("-start_date", "-attested_on").first()
