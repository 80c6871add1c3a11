"""Who may see and edit sub-ambiti: rules contributed to governance's policy."""

from governance.models import Organ
from governance.permissions import (
    AMBITO_ROLES,
    MEMBER_VIEW,
    VIEW_ONLY,
    GrantRule,
    all_rows,
    leaders,
    rows_in_force,
)
from subambiti.models import SubAmbito, SubAmbitoMembership

# The offices of the ambito act on its sub-ambiti and see their organs (who edits an organ is governance's
# rule: its managing body); a comune's users see the sub-ambiti it belongs to today or refers.
GRANT_RULES = (
    GrantRule(SubAmbito, AMBITO_ROLES, all_rows(SubAmbito), holders=leaders("ambito")),
    GrantRule(Organ, VIEW_ONLY, all_rows(Organ), holders=leaders("subambiti__ambito")),
    GrantRule(
        SubAmbito,
        MEMBER_VIEW,
        rows_in_force(SubAmbitoMembership),
        holders=("organization",),
        object="subambito",
    ),
    GrantRule(SubAmbito, MEMBER_VIEW, all_rows(SubAmbito), holders=("referente",)),
)
