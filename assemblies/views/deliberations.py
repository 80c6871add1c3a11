"""Deliberations: numbered per organ and year, with their text, outcome, counts and effects."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from assemblies import rules, selectors
from assemblies.models import Deliberation
from core.ui import RegistryDetailView, RegistryListView


class DeliberationListView(RegistryListView):
    template_name = "assemblies/deliberation_list.html"
    filter_params = ("organ", "year")
    csv_filename = "deliberazioni"
    csv_columns = [
        (_("Organo"), lambda d: d.organ.name),
        (_("Numero"), lambda d: d.reference),
        (_("Data"), lambda d: d.adopted_on),
        (_("Oggetto"), lambda d: d.title),
        (_("Esito"), lambda d: d.get_outcome_display()),
        (_("Favorevoli"), lambda d: d.favour),
        (_("Contrari"), lambda d: d.against),
        (_("Astenuti"), lambda d: d.abstain),
        (_("Effetti"), lambda d: d.effect),
    ]

    def select(self, **kwargs: Any) -> QuerySet[Deliberation]:
        return selectors.deliberation_list(**kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "organs": selectors.visible_organs(self.request.user)
            .filter(deliberations__isnull=False)
            .distinct(),
        }


class DeliberationDetailView(RegistryDetailView):
    template_name = "assemblies/deliberation_detail.html"
    context_object_name = "deliberation"

    def load(self) -> Deliberation:
        return selectors.deliberation_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        deliberation = context["deliberation"]
        context["names"] = selectors.named_ballots(deliberation.vote)
        context["publication"] = selectors.publication_of(deliberation)
        context["publishable"] = rules.deliberation_publishable(deliberation) and rules.may_publish(
            self.request.user, deliberation.organ
        )
        return context
