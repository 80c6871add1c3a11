"""Who sees and manages which agreement: rules contributed to governance's policy, and the questions about
signing that views and services ask."""

from typing import Any

from agreements.models import Agreement, AgreementStatus, Party
from governance.models import Role, RoleAssignment
from governance.permissions import (
    AMBITO_ROLES,
    MEMBER_VIEW,
    VIEW_ONLY,
    GrantRule,
    all_rows,
    can_manage_ambito,
    leaders,
)

# The offices of the ambito act on its agreements with their role's actions, and see those of other ambiti
# their body is a party to (an Accordo Interambiti); a party's own users see the agreement once it leaves the
# draft.
GRANT_RULES = (
    GrantRule(Agreement, AMBITO_ROLES, all_rows(Agreement), holders=leaders("ambito")),
    GrantRule(Agreement, VIEW_ONLY, all_rows(Party), holders=("organization",), object="agreement"),
    GrantRule(
        Agreement,
        MEMBER_VIEW,
        lambda day: Party.objects.exclude(agreement__status=AgreementStatus.DRAFT),
        holders=("organization",),
        object="agreement",
    ),
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
