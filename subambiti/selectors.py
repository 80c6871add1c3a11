"""Reads of sub-ambiti, filtered by object permission."""

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from governance import permissions
from governance.models import Ambito, Organ, Organization
from subambiti.models import SubAmbito, SubAmbitoMembership


def subambito_list(*, user: Any, search: str = "", ambito: int | None = None) -> QuerySet[SubAmbito]:
    queryset = (
        permissions.filter_visible(user, SubAmbito.objects.all())
        .select_related("ambito", "referente", "coordinator")
        .annotate(
            member_count=Count("memberships", filter=Q(memberships__end_date__isnull=True), distinct=True)
        )
    )
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search) | Q(memberships__organization__name__icontains=search)
        ).distinct()
    if ambito:
        queryset = queryset.filter(ambito_id=ambito)
    return queryset.order_by("ambito__name", "number")


def subambito_detail(*, user: Any, pk: int) -> SubAmbito:
    queryset = (
        permissions.filter_visible(user, SubAmbito.objects.all())
        .select_related("ambito", "referente", "coordinator")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=SubAmbitoMembership.objects.select_related("organization").order_by(
                    "organization__name"
                ),
            ),
            Prefetch("organs", queryset=Organ.objects.order_by("name")),
        )
    )
    return get_object_or_404(queryset, pk=pk)


def subambiti_of_ambito(*, user: Any, ambito: Ambito) -> list[SubAmbito]:
    return list(subambito_list(user=user, ambito=ambito.pk))


def subambiti_of_organization(*, user: Any, organization: Organization) -> list[SubAmbito]:
    queryset = permissions.filter_visible(user, SubAmbito.objects.all()).select_related("ambito", "referente")
    return list(
        queryset.filter(Q(memberships__organization=organization) | Q(referente=organization))
        .distinct()
        .order_by("ambito__name", "number")
    )


def subambito_membership_list(*, user: Any, subambito: int | None = None) -> QuerySet[SubAmbitoMembership]:
    subambiti = permissions.filter_visible(user, SubAmbito.objects.all())
    queryset = SubAmbitoMembership.objects.filter(subambito__in=subambiti).select_related(
        "subambito", "organization"
    )
    if subambito:
        queryset = queryset.filter(subambito_id=subambito)
    return queryset.order_by("subambito__ambito__name", "subambito__number", "organization__name", "pk")
