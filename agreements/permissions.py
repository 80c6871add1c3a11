"""Who sees and manages which agreement: contributed to governance's policy as a grant provider."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Q

from agreements.models import Agreement
from governance.models import Organization
from governance.permissions import AMBITO_ROLES, MEMBER_ROLES, VIEW, Grant, ambiti_led_by


def agreement_grants(organization: Organization, role: str, day: date) -> Iterable[Grant]:
    party_to = Agreement.objects.filter(parties__organization=organization)
    if role in AMBITO_ROLES:
        managed = Agreement.objects.filter(ambito__in=ambiti_led_by(organization))
        yield Grant(Agreement, frozenset(managed.values_list("pk", flat=True)), AMBITO_ROLES[role])
        # Agreements of other ambiti to which this body is a party (e.g. an Accordo Interambiti): view only.
        yield Grant(Agreement, frozenset(party_to.values_list("pk", flat=True)), (VIEW,))
    elif role in MEMBER_ROLES:
        yield Grant(
            Agreement, frozenset(party_to.filter(~Q(status="bozza")).values_list("pk", flat=True)), (VIEW,)
        )
