"""What every editing page shares: the agreement the user manages, the editable text, the base view."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements import rules, selectors
from agreements.models import (
    Agreement,
    AgreementStatus,
    AgreementVersion,
    VersionStatus,
)
from core.ui import ServiceFormView
from governance import permissions
from governance.models import Ambito

S = AgreementStatus


def editable_agreement(user: Any, pk: int) -> Agreement:
    """404 when the user cannot see the agreement, 403 when they see it but do not manage its ambito."""
    agreement = get_object_or_404(selectors.agreement_list(user=user), pk=pk)
    if not rules.may_manage(user, agreement):
        raise PermissionDenied
    return agreement


def editable_version(agreement: Agreement) -> AgreementVersion | None:
    """The text that can still change: the draft while the agreement is a draft, or a proposed amendment."""
    version = (
        agreement.versions.filter(status__in=[VersionStatus.DRAFT, VersionStatus.PROPOSED])
        .order_by("-number")
        .first()
    )
    if version is None or not rules.text_editable(agreement, version):
        return None
    return version


def manageable_ambiti(user: Any) -> list[Ambito]:
    """The ambiti whose agreements the user drafts; 403 for whoever drafts none."""
    ambiti = list(permissions.ambiti_manageable_by(user).order_by("name"))
    if not ambiti:
        raise PermissionDenied
    return ambiti


def status_message(agreement: Agreement) -> str:
    return _("Operazione non possibile su un accordo «%(status)s».") % {
        "status": agreement.get_status_display()
    }


class AgreementFormView(ServiceFormView):
    """A page acting on one agreement. `statuses`: where the action is possible; elsewhere the page says
    why and offers no button (the service refuses anyway)."""

    template_name = "agreements/edit/form.html"
    statuses: tuple[str, ...] = ()
    page_title: Any = ""
    lead: Any = ""
    submit_label: Any = gettext_lazy("Salva")
    danger = False
    anchor = ""

    def check_allowed(self) -> None:
        self.agreement = editable_agreement(self.request.user, self.kwargs["pk"])

    def detail_url(self, version: AgreementVersion | None = None) -> str:
        url = reverse("agreements:agreement_detail", args=[self.agreement.pk])
        if version is not None and version.status == VersionStatus.PROPOSED:
            url += f"?versione={version.number}"
        return url + self.anchor

    def get_success_url(self) -> str:
        return self.detail_url()

    def get_title(self) -> str:
        return str(self.page_title)

    def blocked(self) -> str | None:
        if self.statuses and self.agreement.status not in self.statuses:
            return status_message(self.agreement)
        return None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "agreement": self.agreement,
            "title": self.get_title(),
            "lead": self.lead,
            "submit_label": self.submit_label,
            "danger": self.danger,
            "blocked": self.blocked(),
            "cancel_url": self.detail_url(),
        }
