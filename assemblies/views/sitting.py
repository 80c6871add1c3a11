"""The secretary's desk on the day: arrivals and departures, delegates, proxies, and the quorum as it stands."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from assemblies import rules, selectors, services
from assemblies.forms import CheckInForm, ProxyForm
from assemblies.models import Attendance, Proxy
from assemblies.views.base import ActionView, SessionFormView


def quorum_context(session: Any) -> dict[str, Any]:
    rules_row = selectors.organ_rules(session.organ)
    return {"quorum": selectors.quorum(session, rules_row), "session": session}


class AttendanceView(SessionFormView):
    """The list of who is in, with a check-in form; the quorum box refreshes itself."""

    template_name = "assemblies/attendance.html"
    form_class = CheckInForm
    success_message = gettext_lazy("Arrivo registrato.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "session": self.session}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(quorum_context(self.session))
        context["title"] = _("Presenze: %(session)s") % {"session": self.session}
        context["stays"] = selectors.attendance(self.session)
        context["proxies"] = selectors.proxies(self.session)
        context["recordable"] = rules.attendance_recordable(self.session)
        context["proxy_form"] = ProxyForm(session=self.session)
        if not context["recordable"]:
            context["blocked"] = _("Le presenze si registrano quando la seduta è convocata o in corso.")
        return context

    def perform(self, form: CheckInForm) -> Attendance:
        return services.check_in(actor=self.request.user, session=self.session, **form.cleaned_data)

    def get_success_url(self) -> str:
        return self.request.path


class CheckOutView(ActionView):
    done_message = gettext_lazy("Uscita registrata.")

    def act(self, request: HttpRequest) -> Any:
        self.session = selectors.session_for(user=request.user, pk=self.kwargs["pk"])
        stay = get_object_or_404(Attendance, pk=self.kwargs["attendance_pk"], session=self.session)
        return services.check_out(actor=request.user, attendance=stay)

    def next_url(self) -> str:
        return desk_url(self.session)


def desk_url(session: Any) -> str:
    return reverse("assemblies:attendance", args=[session.pk])


class ProxyCreateView(SessionFormView):
    form_class = ProxyForm
    page_title = gettext_lazy("Registra una delega")
    lead = gettext_lazy(
        "Un componente affida il proprio voto a un altro componente, se le regole dell'organo lo ammettono: chi "
        "delega non vota anche di persona, e il delegato vota per lui solo se è presente."
    )
    success_message = gettext_lazy("Delega registrata.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "session": self.session}

    def perform(self, form: ProxyForm) -> Proxy:
        return services.proxy_grant(actor=self.request.user, session=self.session, **form.cleaned_data)

    def get_success_url(self) -> str:
        return desk_url(self.session)


class ProxyRevokeView(ActionView):
    done_message = gettext_lazy("Delega revocata.")

    def act(self, request: HttpRequest) -> Any:
        self.session = selectors.session_for(user=request.user, pk=self.kwargs["pk"])
        if not rules.may_prepare(request.user, self.session.organ):
            raise PermissionDenied
        proxy = get_object_or_404(Proxy, pk=self.kwargs["proxy_pk"], session=self.session)
        return services.proxy_revoke(actor=request.user, proxy=proxy)

    def next_url(self) -> str:
        return desk_url(self.session)


class QuorumFragmentView(LoginRequiredMixin, TemplateView):
    """The quorum box alone, for the desk's and the console's live refresh."""

    template_name = "assemblies/fragments/quorum.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        session = selectors.session_for(user=self.request.user, pk=self.kwargs["pk"])
        return {**super().get_context_data(**kwargs), **quorum_context(session)}
