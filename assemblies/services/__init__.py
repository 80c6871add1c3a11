"""Every write to assemblies goes through these services (docs/assemblies.md)."""

from assemblies.services.attendance import check_in, check_out, proxy_grant, proxy_revoke
from assemblies.services.convocations import (
    convocation_request,
    convocation_sign,
    convocation_sign_with_test_certificate,
    feed_renew,
)
from assemblies.services.organ_rules import majority_remove, majority_set, organ_rules_update, quota_set
from assemblies.services.sessions import (
    convening_problems,
    item_add,
    item_move,
    item_remove,
    item_update,
    organ_rules_of,
    session_cancel,
    session_close,
    session_convene,
    session_create,
    session_open,
    session_transition,
    session_update,
)
from assemblies.services.voting import ballot_cast, ballots_for, vote_annul, vote_close, vote_open

__all__ = [
    "ballot_cast",
    "ballots_for",
    "check_in",
    "check_out",
    "convening_problems",
    "convocation_request",
    "convocation_sign",
    "convocation_sign_with_test_certificate",
    "feed_renew",
    "item_add",
    "item_move",
    "item_remove",
    "item_update",
    "majority_remove",
    "majority_set",
    "organ_rules_of",
    "organ_rules_update",
    "proxy_grant",
    "proxy_revoke",
    "quota_set",
    "session_cancel",
    "session_close",
    "session_convene",
    "session_create",
    "session_open",
    "session_transition",
    "session_update",
    "vote_annul",
    "vote_close",
    "vote_open",
]
