"""The assemblies' rows (docs/assemblies.md): organ rules, sessions and their agenda, attendance and proxies,
votes with their ballots, and deliberations."""

from assemblies.models.choices import (
    Acting,
    Call,
    Choice,
    CompositionKind,
    DecisionKind,
    ItemSubject,
    MajorityKind,
    Outcome,
    Presence,
    Secrecy,
    SessionStatus,
    TieRule,
    VoteStatus,
    Weighting,
)
from assemblies.models.organ_rules import CompositionRule, MajorityRequirement, OrganRules, VoteQuota
from assemblies.models.sessions import AgendaItem, Attendance, Proxy, Session
from assemblies.models.voting import Deliberation, Eligibility, OpenBallot, Participation, Vote, VoteTally

__all__ = [
    "Acting",
    "AgendaItem",
    "Attendance",
    "Call",
    "Choice",
    "CompositionKind",
    "CompositionRule",
    "DecisionKind",
    "Deliberation",
    "Eligibility",
    "ItemSubject",
    "MajorityKind",
    "MajorityRequirement",
    "OpenBallot",
    "OrganRules",
    "Outcome",
    "Participation",
    "Presence",
    "Proxy",
    "Secrecy",
    "Session",
    "SessionStatus",
    "TieRule",
    "Vote",
    "VoteQuota",
    "VoteStatus",
    "VoteTally",
    "Weighting",
]
