"""The printed agreement and the lifecycle: guards on each step."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import documents as agreement_documents
from agreements import rules
from agreements.models import (
    Agreement,
    AgreementDocument,
    Party,
    VersionStatus,
)
from agreements.services.base import S, _require_manage, _require_status, _sync_grants, current_version
from agreements.services.templates import unfilled_blanks
from core.audit import save_changes

# --- the printed agreement -----------------------------------------------------------------------------


@transaction.atomic
def agreement_document_request(*, actor: Any, agreement: Agreement) -> AgreementDocument:
    """Ask the worker for the PDF of the current text; shown as queued, rendering, ready or failed."""
    _require_manage(actor, agreement.ambito)
    return agreement_documents.request_render(
        agreement=agreement, version=current_version(agreement), actor=actor
    )


# --- lifecycle -----------------------------------------------------------------------------------------


def _signing_parties(agreement: Agreement) -> list[Party]:
    return rules.signing_parties(agreement.parties.all())


def _guard(agreement: Agreement, target: str) -> None:
    problems: list[str] = []
    signing = _signing_parties(agreement)
    if target == S.IN_APPROVAL:
        if len(signing) < 2:
            problems.append(_("servono almeno due parti firmatarie"))
        if not current_version(agreement).articles.exists():
            problems.append(_("il testo non ha articoli"))
    elif target == S.APPROVED:
        missing = [str(party.organization) for party in signing if not party.has_authorising_act]
        if missing:
            problems.append(_("manca la deliberazione di: %(parties)s") % {"parties": ", ".join(missing)})
        signed = [str(party.organization) for party in signing if party.signed_at]
        if agreement.status == S.IN_SIGNATURE and signed:
            problems.append(
                _("hanno già firmato: %(parties)s (le firme raccolte resterebbero senza effetto)")
                % {"parties": ", ".join(signed)}
            )
    elif target == S.IN_SIGNATURE:
        missing = [str(party.organization) for party in signing if party.signatory_id is None]
        if missing:
            problems.append(_("manca il firmatario di: %(parties)s") % {"parties": ", ".join(missing)})
        if agreement.end_date and agreement.end_date < timezone.localdate():
            problems.append(
                _("la scadenza del %(date)s è già passata: aggiorna le date di validità")
                % {"date": agreement.end_date.strftime("%d/%m/%Y")}
            )
        open_blanks = unfilled_blanks(agreement)
        if open_blanks:
            problems.append(
                _("restano spazi da compilare: %(blanks)s")
                % {
                    "blanks": "; ".join(
                        f"{where}: {', '.join(names)}" for where, names in open_blanks.items()
                    )
                }
            )
    elif target == S.IN_FORCE:
        missing = [str(party.organization) for party in signing if party.signed_at is None]
        if missing:
            problems.append(_("mancano le firme di: %(parties)s") % {"parties": ", ".join(missing)})
    if problems:
        raise ValidationError(
            _("Non si può passare a «%(target)s»: %(problems)s.")
            % {"target": S(target).label, "problems": "; ".join(problems)},
            code="guard",
        )


@transaction.atomic
def agreement_transition(*, actor: Any, agreement: Agreement, to: str, on: date | None = None) -> Agreement:
    """Move the agreement through its lifecycle; illegal or premature transitions are clear errors."""
    _require_manage(actor, agreement.ambito)
    # Lock the row, then work on the caller's own instance so that it reflects the new state.
    Agreement.objects.select_for_update().filter(pk=agreement.pk).values_list("pk").get()
    agreement.refresh_from_db()
    rules.check_transition(agreement.status, to)
    _guard(agreement, to)
    changes: dict[str, Any] = {"status": to}
    if to == S.IN_FORCE:
        start = on or timezone.localdate()
        changes["in_force_since"] = start
        if agreement.starts_on_signature and agreement.start_date is None:
            changes["start_date"] = start
        if agreement.end_date and agreement.end_date < changes.get(
            "start_date", agreement.start_date or start
        ):
            raise ValidationError(
                _(
                    "Non si può passare a «%(target)s»: l'accordo scadrebbe il %(end)s, prima di decorrere "
                    "(%(start)s)."
                )
                % {
                    "target": S.IN_FORCE.label,
                    "end": agreement.end_date.strftime("%d/%m/%Y"),
                    "start": changes.get("start_date", agreement.start_date or start).strftime("%d/%m/%Y"),
                },
                code="guard",
            )
        version = current_version(agreement)
        version.status = VersionStatus.CURRENT
        version.save(update_fields=["status", "updated_at"])
    save_changes(agreement, actor=actor, changes=changes)
    if to == S.IN_SIGNATURE:
        # The parties sign the PDF of the text as it is now: drop any earlier rendering and queue a new one.
        version = current_version(agreement)
        AgreementDocument.objects.filter(version=version).delete()
        agreement_documents.request_render(agreement=agreement, version=version, actor=actor)
    _sync_grants(agreement)
    return agreement


@transaction.atomic
def agreement_record_assembly_approval(
    *, actor: Any, agreement: Agreement, reference: str, on: date
) -> Agreement:
    """An assembly adopted a deliberation approving the text (the assemblies service calls this at the vote's close):
    the act is recorded on the agreement, and a draft moves on as `rules.AFTER_ASSEMBLY_APPROVAL` says. The authority is
    the deliberation, so the actor (the president who closed the vote) need not manage the agreement; the state and the
    guards of the move are checked as for any transition."""
    Agreement.objects.select_for_update().filter(pk=agreement.pk).values_list("pk").get()
    agreement.refresh_from_db()
    _require_status(agreement, *rules.ASSEMBLY_APPROVABLE)
    changes: dict[str, Any] = {"assembly_approval": reference, "assembly_approved_on": on}
    target = rules.AFTER_ASSEMBLY_APPROVAL.get(agreement.status)
    if target is not None:
        rules.check_transition(agreement.status, target)
        _guard(agreement, target)
        changes["status"] = target
    save_changes(agreement, actor=actor, changes=changes)
    _sync_grants(agreement)
    return agreement


def agreements_expire(*, today: date | None = None) -> int:
    """Every agreement in force whose end date has passed becomes expired (the beat runs it nightly): the
    state of an act follows from its dates, whether it was signed in the app or registered."""
    today = today or timezone.localdate()
    expired = 0
    for agreement in Agreement.objects.filter(status=S.IN_FORCE, end_date__lt=today).select_related("ambito"):
        with transaction.atomic():
            save_changes(agreement, actor=None, changes={"status": S.EXPIRED})
            _sync_grants(agreement)
        expired += 1
    return expired
