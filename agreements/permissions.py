"""Who sees and manages which agreement: contributed to governance's policy as a grant provider."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Q

from agreements.models import Agreement, Party
from governance.models import Organization, Role, RoleAssignment
from governance.permissions import AMBITO_ROLES, MEMBER_ROLES, VIEW, Grant, ambiti_led_by, can_manage_ambito


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


# Roles of a party's own body that may upload the file its signatory signed (the mayor, or the officer
# who files it for them); the Ufficio di Piano may too, as it collects signed files sent by PEC.
SIGNING_ROLES = (Role.SINDACO, Role.OPERATORE_COMUNALE, Role.ETS, Role.CAPOFILA)


def may_upload_signature(user: Any, party: Party) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if party.signatory_id is not None and user.person_id == party.signatory_id:
        return True
    if can_manage_ambito(user, party.agreement.ambito):
        return True
    return RoleAssignment.objects.filter(
        user=user, organization_id=party.organization_id, role__in=SIGNING_ROLES
    ).exists()


def may_use_test_signer(user: Any, party: Party) -> bool:
    """The built-in signer stands in for the signatory's own signing tool: the signatory may use it, and so
    may the Ufficio di Piano running the agreement, to walk a demo through every party's signature (it only
    exists while the test CA is on, never with real certificates)."""
    if not getattr(user, "is_authenticated", False) or party.signatory_id is None:
        return False
    return user.person_id == party.signatory_id or can_manage_ambito(user, party.agreement.ambito)
