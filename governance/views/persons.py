from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.ui import RegistryDetailView, RegistryListView, ServiceFormView
from governance import permissions, selectors, services
from governance.forms import MandateForm, PersonForm
from governance.models import Mandate, Organ, Organization, Person
from governance.validators import looks_like_person_tax_code


class PersonUpdateView(ServiceFormView):
    template_name = "governance/form.html"
    form_class = PersonForm
    success_message = _("Modifiche salvate.")

    def check_allowed(self) -> None:
        self.person = selectors.person_detail(user=self.request.user, pk=self.kwargs["pk"])
        if not permissions.may_edit_person(self.request.user, self.person):
            raise PermissionDenied

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": Person.objects.get(pk=self.person.pk)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": _("Modifica: %(name)s") % {"name": self.person},
            "cancel_url": self.person.get_absolute_url(),
        }

    def perform(self, form: PersonForm) -> Person:
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        services.person_update(actor=self.request.user, person=self.person, **changes)
        return self.person

    def get_success_url(self) -> str:
        return self.person.get_absolute_url()


class MandateUpdateView(ServiceFormView):
    template_name = "governance/form.html"
    form_class = MandateForm
    success_message = _("Incarico aggiornato.")

    def check_allowed(self) -> None:
        self.mandate = get_object_or_404(selectors.mandate_list(user=self.request.user), pk=self.kwargs["pk"])
        if not permissions.has_object_permission(
            self.request.user, self.mandate.organization, permissions.CHANGE
        ):
            raise PermissionDenied

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "instance": Mandate.objects.get(pk=self.mandate.pk),
            "user": self.request.user,
            "editing": True,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": _("Modifica incarico: %(mandate)s") % {"mandate": self.mandate},
            "cancel_url": self.mandate.organization.get_absolute_url(),
        }

    def perform(self, form: MandateForm) -> Mandate:
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        services.mandate_update(actor=self.request.user, mandate=self.mandate, **changes)
        return self.mandate

    def get_success_url(self) -> str:
        return self.mandate.organization.get_absolute_url()


class PersonListView(RegistryListView):
    template_name = "governance/person_list.html"
    csv_filename = "persone"
    csv_columns = [
        (_("Cognome"), lambda p: p.family_name),
        (_("Nome"), lambda p: p.given_name),
        (_("Codice fiscale"), lambda p: p.tax_code),
        (_("E-mail"), lambda p: p.email),
    ]

    def select(self, **kwargs: Any) -> QuerySet[Person]:
        return selectors.person_list(**kwargs)

    def selector_kwargs(self) -> dict[str, Any]:
        kwargs = super().selector_kwargs()
        if looks_like_person_tax_code(kwargs["search"]):
            kwargs["search"] = ""  # a codice fiscale is searched from the form (POST), never from a URL
        return {**kwargs, "tax_code": getattr(self, "tax_code", "")}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if looks_like_person_tax_code(request.GET.get("q", "")):
            messages.warning(
                request,
                _(
                    "Il codice fiscale non si cerca dall'indirizzo della pagina (resterebbe nella cronologia e "
                    "nei registri del server): scrivilo nella casella di ricerca."
                ),
            )
            return redirect("governance:person_list")
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """The search box posts: a codice fiscale is searched here and the results shown in the answer;
        anything else goes back to the address (?q=...), where it can be bookmarked and paged."""
        query = request.POST.get("q", "").strip()
        if not looks_like_person_tax_code(query):
            target = reverse("governance:person_list")
            return redirect(f"{target}?{urlencode({'q': query})}" if query else target)
        self.tax_code = query
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if getattr(self, "tax_code", ""):
            context["search"] = self.tax_code
            context["searched_by_tax_code"] = True
        return context


class PersonDetailView(RegistryDetailView):
    template_name = "governance/person_detail.html"
    context_object_name = "person"

    def load(self) -> Person:
        return selectors.person_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["visible_organizations"] = selectors.visible_ids(user=user, model=Organization)
        context["visible_organs"] = selectors.visible_ids(user=user, model=Organ)
        context["can_edit"] = permissions.may_edit_person(user, context["person"])
        return context
