"""Every write to agreements: drafting, parties, articles, lifecycle, amendments, withdrawal, money."""

from agreements.rules import (
    DELIBERATION_STATES,
    REGISTERED_SIGNED,
    REGISTRABLE,
    deliberations_recordable,
    registered_status,
)
from agreements.services.amendments import (
    amendment_approve,
    amendment_propose,
    parties_in_force,
    party_adhere,
    party_withdraw,
)
from agreements.services.base import EditConflict, S, current_version
from agreements.services.clauses import (
    installments_schedule,
    money_clause_create,
    payment_record,
)
from agreements.services.drafting import (
    RENEWABLE,
    agreement_create,
    agreement_renew,
    agreement_update,
    article_delete,
    article_save,
    party_add,
    party_record_authorisation,
    party_remove,
    party_update,
    premise_add,
    premise_delete,
    premise_update,
)
from agreements.services.lifecycle import (
    agreement_document_request,
    agreement_record_assembly_approval,
    agreement_transition,
    agreements_expire,
)
from agreements.services.registration import (
    agreement_mark_undocumented,
    agreement_register_signed,
    signed_copy_attach,
)
from agreements.services.templates import (
    blank_fill,
    template_instantiate,
    unfilled_blanks,
)

__all__ = [
    "DELIBERATION_STATES",
    "REGISTERED_SIGNED",
    "REGISTRABLE",
    "RENEWABLE",
    "EditConflict",
    "S",
    "agreement_create",
    "agreement_document_request",
    "agreement_mark_undocumented",
    "agreement_record_assembly_approval",
    "agreement_register_signed",
    "agreement_renew",
    "agreement_transition",
    "agreement_update",
    "agreements_expire",
    "amendment_approve",
    "amendment_propose",
    "article_delete",
    "article_save",
    "blank_fill",
    "current_version",
    "deliberations_recordable",
    "installments_schedule",
    "money_clause_create",
    "parties_in_force",
    "party_add",
    "party_adhere",
    "party_record_authorisation",
    "party_remove",
    "party_update",
    "party_withdraw",
    "payment_record",
    "premise_add",
    "premise_delete",
    "premise_update",
    "registered_status",
    "signed_copy_attach",
    "template_instantiate",
    "unfilled_blanks",
]
