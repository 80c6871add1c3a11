from coprogettazione.models.choices import ActKind, MeetingKind, ProcedureStatus
from coprogettazione.models.procedures import (
    CoProgramming,
    CoProgrammingMeeting,
    Procedure,
    ProcedureStep,
    Programme,
    ProgrammeAction,
    ProgrammeFunding,
)

__all__ = [
    "ActKind",
    "CoProgramming",
    "CoProgrammingMeeting",
    "MeetingKind",
    "Procedure",
    "ProcedureStatus",
    "ProcedureStep",
    "Programme",
    "ProgrammeAction",
    "ProgrammeFunding",
]
