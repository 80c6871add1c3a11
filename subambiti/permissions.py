"""Who may see and edit sub-ambiti: contributed to governance's policy as a grant provider."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Q

from governance.models import Organ, Organization
from governance.permissions import (
    AMBITO_ROLES,
    MEMBER_ROLES,
    VIEW,
    Grant,
    ambiti_led_by,
    current,
)
from subambiti.models import SubAmbito, SubAmbitoMembership


def subambiti_grants(organization: Organization, role: str, day: date) -> Iterable[Grant]:
    if role in AMBITO_ROLES:
        actions = AMBITO_ROLES[role]
        subambiti = SubAmbito.objects.filter(ambito__in=ambiti_led_by(organization))
        yield Grant(SubAmbito, frozenset(subambiti.values_list("pk", flat=True)), actions)
        organs = Organ.objects.filter(subambiti__in=subambiti)
        # Visible; who edits an organ is governance's rule (its managing body).
        yield Grant(Organ, frozenset(organs.values_list("pk", flat=True)), (VIEW,))
    elif role in MEMBER_ROLES:
        member_of = current(SubAmbitoMembership.objects.filter(organization=organization), day).values(
            "subambito_id"
        )
        subambiti = SubAmbito.objects.filter(Q(pk__in=member_of) | Q(referente=organization))
        yield Grant(SubAmbito, frozenset(subambiti.values_list("pk", flat=True)), (VIEW,))
