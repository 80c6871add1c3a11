"""What the assemblies' pages share: the session or organ they act on (404 when not visible), the permission asked
of the rules module before a form is shown, and POST-only actions that report the service's answer as a message."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy
from django.views import View

from assemblies import rules, selectors
from assemblies.models import Session
from core.ui import ServiceFormView
from governance.models import Organ


class AssemblyFormView(ServiceFormView):
    """What the assemblies' forms share: their template and the texts around the form."""

    template_name = "assemblies/form.html"
    page_title: Any = ""
    lead: Any = ""
    submit_label: Any = gettext_lazy("Salva")
    danger = False

    def texts(self) -> dict[str, Any]:
        return {"lead": self.lead, "submit_label": self.submit_label, "danger": self.danger}


class SessionFormView(AssemblyFormView):
    """A form acting on one session; `allowed` asks the rules module."""

    def check_allowed(self) -> None:
        self.session: Session = selectors.session_for(user=self.request.user, pk=self.kwargs["pk"])
        if not self.allowed():
            raise PermissionDenied

    def allowed(self) -> bool:
        return rules.may_prepare(self.request.user, self.session.organ)

    def get_success_url(self) -> str:
        return self.session.get_absolute_url()

    def get_title(self) -> str:
        return str(self.page_title)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            **self.texts(),
            "session": self.session,
            "title": self.get_title(),
            "cancel_url": self.session.get_absolute_url(),
        }


class OrganFormView(AssemblyFormView):
    """A form acting on one organ (its rules, a new session)."""

    def check_allowed(self) -> None:
        self.organ: Organ = selectors.organ_for(user=self.request.user, pk=self.kwargs["organ_pk"])
        if not self.allowed():
            raise PermissionDenied

    def allowed(self) -> bool:
        return rules.may_prepare(self.request.user, self.organ)

    def get_success_url(self) -> str:
        return self.organ.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            **self.texts(),
            "organ": self.organ,
            "title": str(self.page_title),
            "cancel_url": self.organ.get_absolute_url(),
        }


class ActionView(LoginRequiredMixin, View):
    """A button's POST: the service acts or refuses, the answer is shown as a message on the page it came from."""

    http_method_names = ["post"]
    done_message: Any = ""

    def act(self, request: HttpRequest) -> Any:
        raise NotImplementedError

    def next_url(self) -> str:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.act(request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if self.done_message:
                messages.success(request, self.done_message)
        return HttpResponseRedirect(self.next_url())
