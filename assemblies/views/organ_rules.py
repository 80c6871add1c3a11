"""Setting an organ's rules (what the acts leave "da definire")."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assemblies import rules, selectors, services
from assemblies.forms import MajorityForm, OrganRulesForm, QuotasForm
from assemblies.models import MajorityKind, OrganRules
from assemblies.views.base import OrganFormView


class OrganRulesUpdateView(OrganFormView):
    form_class = OrganRulesForm
    success_message = gettext_lazy("Regole dell'organo salvate.")
    lead = gettext_lazy(
        "Le regole che gli atti non stabiliscono restano «da definire»: il numero legale, le maggioranze, il peso "
        "dei voti e il preavviso servono per convocare una seduta."
    )

    def allowed(self) -> bool:
        return rules.may_set_rules(self.request.user, self.organ)

    def get_form_kwargs(self) -> dict[str, Any]:
        instance = selectors.organ_rules(self.organ) or OrganRules(
            organ=self.organ, minutes_regime=rules.default_minutes_regime(self.organ)
        )
        return {**super().get_form_kwargs(), "instance": instance}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Regole: %(organ)s") % {"organ": self.organ}
        return context

    def perform(self, form: OrganRulesForm) -> OrganRules:
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        return services.organ_rules_update(actor=self.request.user, organ=self.organ, **changes)


class MajorityUpdateView(OrganFormView):
    form_class = MajorityForm
    success_message = gettext_lazy("Maggioranza salvata.")
    lead = gettext_lazy(
        "La maggioranza con cui l'organo decide un tipo di decisione: ad es. dei presenti per le deliberazioni "
        "ordinarie (atto 000, art. 3), assoluta dei componenti per le controversie (art. 10). Lascia vuota la "
        "maggioranza per tornare a «da definire»."
    )

    def allowed(self) -> bool:
        return rules.may_set_rules(self.request.user, self.organ)

    def get_initial(self) -> dict[str, Any]:
        kind = self.request.GET.get("tipo", "")
        row = selectors.organ_rules(self.organ)
        requirement = rules.majority_for(row, kind) if row and kind else None
        if requirement is None:
            return {"decision_kind": kind, "of_members": True}
        return {
            "decision_kind": kind,
            "kind": requirement.kind,
            "share_numerator": requirement.share_numerator,
            "share_denominator": requirement.share_denominator,
            "of_members": requirement.of_members,
            "source": requirement.source,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Maggioranze: %(organ)s") % {"organ": self.organ}
        return context

    def perform(self, form: MajorityForm) -> None:
        data = form.cleaned_data
        if not data["kind"]:
            services.majority_remove(
                actor=self.request.user, organ=self.organ, decision_kind=data["decision_kind"]
            )
            return
        services.majority_set(
            actor=self.request.user,
            organ=self.organ,
            decision_kind=data["decision_kind"],
            kind=data["kind"],
            share_numerator=data.get("share_numerator") if data["kind"] == MajorityKind.QUALIFIED else None,
            share_denominator=data.get("share_denominator")
            if data["kind"] == MajorityKind.QUALIFIED
            else None,
            of_members=data.get("of_members", True),
            source=data.get("source", ""),
        )


class QuotasUpdateView(OrganFormView):
    """The set quotas of the member bodies, where the organ weighs votes by quotas; all saved or none."""

    form_class = QuotasForm
    success_message = gettext_lazy("Quote di voto salvate.")
    lead = gettext_lazy(
        "Il peso del voto di ciascun ente, se l'organo vota per quote stabilite (ad es. millesimi). Un ente senza "
        "quota impedisce di aprire le votazioni finché non la riceve."
    )

    def allowed(self) -> bool:
        return rules.may_set_rules(self.request.user, self.organ)

    def get_form_kwargs(self) -> dict[str, Any]:
        row = selectors.organ_rules(self.organ)
        quotas = {quota.organization_id: quota.quota for quota in row.quotas.all()} if row else {}
        members = list(rules.member_bodies(self.organ, timezone.localdate()))
        return {**super().get_form_kwargs(), "members": members, "quotas": quotas}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Quote di voto: %(organ)s") % {"organ": self.organ}
        return context

    @transaction.atomic
    def perform(self, form: QuotasForm) -> None:
        for body, quota in form.quotas():
            services.quota_set(actor=self.request.user, organ=self.organ, organization=body, quota=quota)
