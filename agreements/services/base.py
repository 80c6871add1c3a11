"""What every agreements service shares: permission and status checks, grants, the editable text."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from agreements import rules
from agreements.models import (
    Agreement,
    AgreementStatus,
    AgreementVersion,
    VersionStatus,
)
from governance import permissions
from governance.models import Ambito

S = AgreementStatus


def _require_manage(actor: Any, ambito: Ambito) -> None:
    """The Ufficio di Piano of the agreement's ambito drafts and manages it (actor None: the system)."""
    if actor is not None and not rules.may_manage_ambito(actor, ambito):
        raise PermissionDenied(_("Solo l'Ufficio di Piano dell'ambito può modificare questo accordo."))


def _sync_grants(agreement: Agreement) -> None:
    """Who may see an agreement depends on its ambito, its parties and its status: its grants are recomputed
    (and nothing else: the cost does not grow with the ambito)."""
    permissions.regrant(Agreement, [agreement.pk])


def _require_status(agreement: Agreement, *allowed: str) -> None:
    if agreement.status not in allowed:
        raise ValidationError(
            _("Operazione non possibile su un accordo «%(status)s».")
            % {"status": agreement.get_status_display()}
        )


def current_version(agreement: Agreement) -> AgreementVersion:
    version = (
        agreement.versions.filter(status__in=[VersionStatus.DRAFT, VersionStatus.CURRENT])
        .order_by("-number")
        .first()
    )
    if version is None:
        raise ValidationError(_("L'accordo non ha un testo."))
    return version


def _editable_version(agreement: Agreement) -> AgreementVersion:
    version = agreement.versions.filter(status__in=[VersionStatus.DRAFT, VersionStatus.PROPOSED]).order_by(
        "-number"
    )
    found = version.first()
    if found is None:
        raise ValidationError(_("Il testo vigente non si modifica: proponi una modifica (nuova versione)."))
    if found.status == VersionStatus.DRAFT:
        _require_status(agreement, S.DRAFT)
    return found


class EditConflict(ValidationError):
    """Someone else saved the article since this editor opened it."""
