"""Who sees and manages which agreement, through the role groups: grant rules contributed to governance's
policy. What a user may do on an agreement now is asked of agreements/rules.py."""

from agreements.models import Agreement, AgreementStatus, Party
from governance.permissions import (
    AMBITO_ROLES,
    MEMBER_VIEW,
    VIEW_ONLY,
    GrantRule,
    all_rows,
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
