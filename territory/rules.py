"""Who may do what with the profile, in one place (services enforce it; views, the API and templates ask).

Territorial data is the deployment's: every logged-in user reads all of it. National sources (population tables,
national indicators, ratios and composite indices without an ambito) are kept by an administrator; an ambito's own
indicators, ratios and composite indices by its Ufficio di Piano, and its indicators hold values for its comuni only.
Counts of people assisted under a threshold are never shown (`suppressed`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from governance import permissions
from governance.models import Ambito, AmbitoMembership


def may_read(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def may_load_population(user: Any) -> bool:
    return permissions.is_platform_admin(user)


def require_load_population(user: Any) -> None:
    """National sources (ISTAT's population tables and its table of administrative changes) are an administrator's."""
    if user is not None and not may_load_population(user):
        raise PermissionDenied(_("Solo un amministratore importa i dati ISTAT."))


def ambiti_kept_by(user: Any) -> QuerySet[Ambito]:
    """The ambiti whose own indicators the user keeps (its Ufficio di Piano; every ambito for an administrator)."""
    return permissions.ambiti_manageable_by(user)


def may_define(user: Any) -> bool:
    """May add an indicator, a ratio or a composite index (national or for an ambito it keeps)."""
    return permissions.is_platform_admin(user) or ambiti_kept_by(user).exists()


def may_keep(user: Any, owned: Any) -> bool:
    """May change, import into or delete an indicator, ratio or composite index."""
    if owned.ambito_id is None:
        return permissions.is_platform_admin(user)
    return permissions.can_manage_ambito(user, owned.ambito)


def require_keep(user: Any, owned: Any) -> None:
    if user is not None and not may_keep(user, owned):
        if owned.ambito_id is None:
            raise PermissionDenied(_("Solo un amministratore cura le fonti nazionali."))
        raise PermissionDenied(_("Solo l'Ufficio di Piano dell'ambito cura i suoi indicatori."))


def require_owner(user: Any, ambito: Ambito | None) -> None:
    """May define something owned by `ambito` (None: national)."""
    if user is None:
        return
    if ambito is None:
        if not permissions.is_platform_admin(user):
            raise PermissionDenied(_("Solo un amministratore definisce elementi nazionali."))
    elif not permissions.can_manage_ambito(user, ambito):
        raise PermissionDenied(_("Solo l'Ufficio di Piano dell'ambito definisce i suoi elementi."))


def comuni_of_ambito_in(ambito: Ambito, year: int) -> set[int]:
    """The comuni that belonged to the ambito on any day of the year: an ambito's indicator covers only them."""
    memberships = AmbitoMembership.overlapping(
        AmbitoMembership.objects.filter(ambito=ambito), date(year, 1, 1), date(year, 12, 31)
    )
    return set(memberships.values_list("organization_id", flat=True))


# --- statistical confidentiality -----------------------------------------------------------------------------


def small_count_threshold() -> int:
    return int(getattr(settings, "TERRITORY_SMALL_COUNT_THRESHOLD", 3))


def suppressed(people_assisted: bool, count: Decimal | int | None) -> bool:
    """A count of people assisted from 1 to the threshold minus one identifies them: it is never shown (zero says no
    one is assisted, which names no one, and is shown)."""
    return bool(people_assisted and count is not None and 0 < count < small_count_threshold())


def revealed_by_differencing(people_assisted: bool, hidden_in_area: Decimal | int | None) -> bool:
    """An area's total is published beside its comuni's values, so the total minus the comuni shown gives the sum of
    those hidden. When that sum is itself from 1 to the threshold minus one it names them too (one comune's 1, or 1 + 1
    telling both are 1): the area's total is then suppressed as well (secondary suppression)."""
    return suppressed(people_assisted, hidden_in_area)
