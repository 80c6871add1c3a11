"""The Ufficio di Piano's pages for drafting and managing agreements.

Every page is a form whose valid data goes to one service (governance.ui.ServiceFormView): an agreement the
user cannot see answers 404, one they see but do not manage answers 403, and a service's refusal is shown
next to the fields with nothing saved. Actions that cannot be undone ask for a confirmation first."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements import forms, lifecycle, selectors, services
from agreements.calendar import add_months
from agreements.compare import word_diff
from agreements.models import (
    Agreement,
    AgreementStatus,
    AgreementTemplate,
    AgreementVersion,
    Article,
    Installment,
    MoneyClause,
    Party,
    PartyRole,
    Premise,
    VersionStatus,
)
from governance import permissions
from governance import selectors as registry
from governance.models import Ambito
from governance.ui import ServiceFormView, apply_service_errors

S = AgreementStatus


def editable_agreement(user: Any, pk: int) -> Agreement:
    """404 when the user cannot see the agreement, 403 when they see it but do not manage its ambito."""
    agreement = get_object_or_404(selectors.agreement_list(user=user), pk=pk)
    if not permissions.can_manage_ambito(user, agreement.ambito):
        raise PermissionDenied
    return agreement


def editable_version(agreement: Agreement) -> AgreementVersion | None:
    """The text that can still change: the draft while the agreement is a draft, or a proposed amendment."""
    version = (
        agreement.versions.filter(status__in=[VersionStatus.DRAFT, VersionStatus.PROPOSED])
        .order_by("-number")
        .first()
    )
    if version is None or (version.status == VersionStatus.DRAFT and agreement.status != S.DRAFT):
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


# --- drafting ------------------------------------------------------------------------------------------


class AgreementCreateView(ServiceFormView):
    """A new draft: from scratch here, or from one of the model texts listed on the same page."""

    template_name = "agreements/edit/agreement_new.html"
    form_class = forms.AgreementCreateForm
    success_message = gettext_lazy("Bozza dell'accordo creata: aggiungi le parti e scrivi gli articoli.")

    def check_allowed(self) -> None:
        self.ambiti = manageable_ambiti(self.request.user)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "ambiti": self.ambiti}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": _("Nuovo accordo"),
            "templates": list(AgreementTemplate.objects.order_by("title")),
            "cancel_url": reverse("agreements:agreement_list"),
        }

    def perform(self, form: forms.AgreementCreateForm) -> Agreement:
        data = dict(form.cleaned_data)
        return services.agreement_create(
            actor=self.request.user,
            ambito=data.pop("ambito"),
            kind=data.pop("kind"),
            title=data.pop("title"),
            **data,
        )

    def get_success_url(self) -> str:
        return reverse("agreements:agreement_detail", args=[self.result.pk])


class AgreementFromTemplateView(ServiceFormView):
    """A draft from a model text: one party per slot, blanks filled from the registry; the rest are listed."""

    template_name = "agreements/edit/form.html"
    form_class = forms.TemplateInstantiateForm

    def check_allowed(self) -> None:
        self.ambiti = manageable_ambiti(self.request.user)
        self.template = get_object_or_404(AgreementTemplate, pk=self.kwargs["template_pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "template": self.template,
            "ambiti": self.ambiti,
            "organizations": forms.organization_choices(self.request.user),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": _("Nuovo accordo dal modello «%(title)s»") % {"title": self.template.title},
            "lead": self.template.description
            or _(
                "Per ogni ente che il modello prevede scegli quello del registro: i suoi dati (denominazione, "
                "codice fiscale, sede, rappresentante) vengono scritti nel testo."
            ),
            "submit_label": _("Crea la bozza"),
            "cancel_url": reverse("agreements:agreement_create"),
        }

    def perform(self, form: forms.TemplateInstantiateForm) -> Agreement:
        agreement, self.open_blanks = services.template_instantiate(
            actor=self.request.user,
            template=self.template,
            ambito=form.cleaned_data["ambito"],
            title=form.cleaned_data["title"],
            organizations=form.organizations(),
        )
        return agreement

    def get_success_url(self) -> str:
        if self.open_blanks:
            messages.warning(
                self.request,
                _("Bozza creata dal modello: restano %(n)d spazi da compilare.")
                % {"n": len(self.open_blanks)},
            )
            return reverse("agreements:blanks", args=[self.result.pk])
        messages.success(self.request, _("Bozza creata dal modello: il testo è completo."))
        return reverse("agreements:agreement_detail", args=[self.result.pk])


class AgreementUpdateView(AgreementFormView):
    form_class = forms.AgreementForm
    statuses = (S.DRAFT,)
    success_message = gettext_lazy("Dati dell'accordo salvati.")

    def get_title(self) -> str:
        return _("Modifica: %(title)s") % {"title": self.agreement.title}

    def get_form_kwargs(self) -> dict[str, Any]:
        # The form edits its own copy, so that the service compares against the stored values.
        return {**super().get_form_kwargs(), "instance": Agreement.objects.get(pk=self.agreement.pk)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "audit": registry.audit_trail(obj=self.agreement)}

    def perform(self, form: forms.AgreementForm) -> Agreement:
        services.agreement_update(actor=self.request.user, agreement=self.agreement, **form.changes())
        return self.agreement


class AgreementRenewView(AgreementFormView):
    form_class = forms.RenewForm
    statuses = services.RENEWABLE
    submit_label = gettext_lazy("Crea la bozza di rinnovo")
    lead = gettext_lazy(
        "Il rinnovo è una nuova bozza con le stesse parti, gli stessi firmatari e il testo in vigore; "
        "le deliberazioni e le firme si raccolgono di nuovo. Le parti che hanno comunicato il recesso "
        "non vengono riportate. L'accordo attuale resta com'è finché non lo segni come rinnovato."
    )

    def get_title(self) -> str:
        return _("Rinnova: %(title)s") % {"title": self.agreement.title}

    def get_initial(self) -> dict[str, Any]:
        return {"title": _("%(title)s (rinnovo)") % {"title": self.agreement.title}}

    def perform(self, form: forms.RenewForm) -> Agreement:
        return services.agreement_renew(
            actor=self.request.user, old=self.agreement, title=form.cleaned_data["title"]
        )

    def get_success_url(self) -> str:
        messages.success(self.request, _("Bozza di rinnovo creata: controlla parti, date e testo."))
        return reverse("agreements:agreement_detail", args=[self.result.pk])


# --- lifecycle -----------------------------------------------------------------------------------------

TRANSITION_NOTES = {
    S.IN_APPROVAL: gettext_lazy(
        "Il testo viene inviato alle parti per l'approvazione: da ora le parti vedono l'accordo. "
        "Servono almeno due parti firmatarie e almeno un articolo."
    ),
    S.APPROVED: gettext_lazy(
        "Ogni parte firmataria ha approvato l'accordo con una deliberazione: il testo non si modifica più."
    ),
    S.IN_SIGNATURE: gettext_lazy(
        "Si passa alla firma: ogni parte firmataria deve avere il suo firmatario e nel testo non devono "
        "restare spazi da compilare."
    ),
    S.IN_FORCE: gettext_lazy("Tutte le parti hanno firmato: l'accordo entra in vigore."),
    S.EXPIRED: gettext_lazy("L'accordo è giunto a scadenza."),
    S.RENEWED: gettext_lazy("L'accordo è stato sostituito dal suo rinnovo."),
    S.DRAFT: gettext_lazy("L'accordo torna in bozza per correggerne il testo o le parti."),
}
BACKWARDS = {(S.IN_APPROVAL, S.DRAFT), (S.APPROVED, S.DRAFT), (S.IN_SIGNATURE, S.APPROVED)}


class AgreementTransitionView(AgreementFormView):
    """A confirmation page before each step of the lifecycle; a refused step says why, in Italian."""

    form_class = forms.TransitionForm

    def check_allowed(self) -> None:
        if self.kwargs["to"] not in S.values:
            raise Http404
        self.to_state = S(self.kwargs["to"])
        super().check_allowed()

    def blocked(self) -> str | None:
        try:
            lifecycle.check_transition(self.agreement.status, self.to_state)
        except lifecycle.IllegalTransition as error:
            return " ".join(error.messages)
        return None

    def get_title(self) -> str:
        return _("Passa a «%(status)s»") % {"status": self.to_state.label}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "asks_date": self.to_state == S.IN_FORCE}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "lead": TRANSITION_NOTES[self.to_state],
            "danger": (self.agreement.status, self.to_state) in BACKWARDS,
            "submit_label": _("Conferma: passa a «%(status)s»") % {"status": self.to_state.label},
            "facts": [
                (_("Stato attuale"), self.agreement.get_status_display()),
                (_("Nuovo stato"), self.to_state.label),
            ],
        }

    def perform(self, form: forms.TransitionForm) -> Agreement:
        return services.agreement_transition(
            actor=self.request.user,
            agreement=self.agreement,
            to=self.to_state,
            on=form.cleaned_data.get("on"),
        )

    def get_success_url(self) -> str:
        messages.success(self.request, _("Stato aggiornato: «%(status)s».") % {"status": self.to_state.label})
        return self.detail_url()


# --- parties -------------------------------------------------------------------------------------------


class _PartyView(AgreementFormView):
    anchor = "#parties-heading"

    def check_allowed(self) -> None:
        super().check_allowed()
        self.party = get_object_or_404(
            Party.objects.select_related("organization"), pk=self.kwargs["party_pk"], agreement=self.agreement
        )


class PartyCreateView(AgreementFormView):
    form_class = forms.PartyForm
    statuses = (S.DRAFT,)
    page_title = gettext_lazy("Aggiungi una parte")
    success_message = gettext_lazy("Parte aggiunta.")
    anchor = "#parties-heading"

    def get_form_kwargs(self) -> dict[str, Any]:
        existing = list(self.agreement.parties.values_list("organization_id", "signing_order"))
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "exclude": [organization for organization, _order in existing],
            "instance": Party(agreement=self.agreement),
            "initial": {"signing_order": max((order for _org, order in existing), default=0) + 1},
        }

    def perform(self, form: forms.PartyForm) -> Party:
        return services.party_add(
            actor=self.request.user,
            agreement=self.agreement,
            organization=form.cleaned_data["organization"],
            **form.fields_for_service(),
        )


class PartyUpdateView(_PartyView):
    form_class = forms.PartyUpdateForm
    statuses = (S.DRAFT, S.IN_APPROVAL, S.APPROVED)
    success_message = gettext_lazy("Parte aggiornata.")

    def get_title(self) -> str:
        return _("Parte: %(organization)s") % {"organization": self.party.organization}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "instance": Party.objects.get(pk=self.party.pk),
        }

    def perform(self, form: forms.PartyUpdateForm) -> Party:
        services.party_update(actor=self.request.user, party=self.party, **form.changes())
        return self.party


class PartyAuthorisationView(_PartyView):
    form_class = forms.AuthorisationForm
    statuses = (S.DRAFT, S.IN_APPROVAL)
    success_message = gettext_lazy("Deliberazione registrata.")
    lead = gettext_lazy("La deliberazione con cui l'ente approva l'accordo e autorizza il suo firmatario.")

    def get_title(self) -> str:
        return _("Deliberazione di %(organization)s") % {"organization": self.party.organization}

    def get_initial(self) -> dict[str, Any]:
        return {
            "organ_name": self.party.authorising_organ_name,
            "act_number": self.party.act_number,
            "act_date": self.party.act_date,
        }

    def perform(self, form: forms.AuthorisationForm) -> Party:
        return services.party_record_authorisation(
            actor=self.request.user, party=self.party, **form.cleaned_data
        )


class PartyWithdrawView(_PartyView):
    """Recesso in two steps: the data, then a confirmation showing the date the withdrawal takes effect."""

    form_class = forms.WithdrawalForm
    statuses = (S.IN_FORCE,)
    danger = True
    submit_label = gettext_lazy("Continua")
    success_message = gettext_lazy("Recesso registrato.")

    def get_title(self) -> str:
        return _("Recesso di %(organization)s") % {"organization": self.party.organization}

    def blocked(self) -> str | None:
        if self.party.withdrawal_notified_on is not None:
            return _("Il recesso di questo ente è già stato registrato.")
        return super().blocked()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        months = self.agreement.withdrawal_notice_months
        return {
            **super().get_context_data(**kwargs),
            "lead": _(
                "Il recesso ha effetto dopo il preavviso che l'accordo stabilisce (%(months)d mesi) dalla "
                "data in cui è stato comunicato."
            )
            % {"months": months},
        }

    def form_valid(self, form: forms.WithdrawalForm) -> HttpResponse:  # type: ignore[override]
        if form.cleaned_data.get("confirmed"):
            return super().form_valid(form)
        notified = form.cleaned_data["notified_on"]
        effective = add_months(notified, self.agreement.withdrawal_notice_months)
        context = self.get_context_data(form=form)
        context.update(
            {
                "confirming": True,
                "submit_label": _("Conferma il recesso"),
                "lead": _("Controlla i dati: confermando, il recesso viene registrato."),
                "facts": [
                    (_("Ente"), str(self.party.organization)),
                    (_("Recesso comunicato il"), notified.strftime("%d/%m/%Y")),
                    (_("Recesso efficace dal"), effective.strftime("%d/%m/%Y")),
                    (
                        _("Obblighi che proseguono"),
                        form.cleaned_data["continuing_obligations"] or _("nessuno indicato"),
                    ),
                ],
            }
        )
        return self.render_to_response(context)

    def perform(self, form: forms.WithdrawalForm) -> Party:
        return services.party_withdraw(
            actor=self.request.user,
            party=self.party,
            notified_on=form.cleaned_data["notified_on"],
            continuing_obligations=form.cleaned_data["continuing_obligations"],
        )


class PartyRemoveView(_PartyView):
    form_class = forms.ConfirmForm
    statuses = (S.DRAFT,)
    submit_label = gettext_lazy("Conferma: togli la parte")
    danger = True
    success_message = gettext_lazy("Parte tolta dalla bozza.")

    def get_title(self) -> str:
        return _("Togli %(organization)s dalla bozza") % {"organization": self.party.organization}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "lead": _("L'ente non sarà più parte dell'accordo. L'operazione resta nel registro."),
        }

    def perform(self, form: forms.ConfirmForm) -> None:
        services.party_remove(actor=self.request.user, party=self.party)


class PartyAdhereView(AgreementFormView):
    form_class = forms.AdhesionForm
    statuses = (S.IN_FORCE,)
    page_title = gettext_lazy("Adesione di un ente")
    lead = gettext_lazy(
        "Un ente aderisce all'accordo già in vigore (ad es. un ETS o un comune entrato dopo)."
    )
    success_message = gettext_lazy("Adesione registrata.")
    anchor = "#parties-heading"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "exclude": list(self.agreement.parties.values_list("organization_id", flat=True)),
            "instance": Party(agreement=self.agreement, role=PartyRole.ADERENTE),
        }

    def perform(self, form: forms.AdhesionForm) -> Party:
        data = form.cleaned_data
        return services.party_adhere(
            actor=self.request.user,
            agreement=self.agreement,
            organization=data["organization"],
            joined_on=data["joined_on"],
            role=data["role"],
            signatory=data["signatory"],
            signatory_capacity=data["signatory_capacity"],
        )


# --- the text ------------------------------------------------------------------------------------------


class _TextView(AgreementFormView):
    """Premises and articles change in the draft, or in a proposed amendment once in force."""

    anchor = "#text-heading"

    def check_allowed(self) -> None:
        super().check_allowed()
        self.version = editable_version(self.agreement)

    def blocked(self) -> str | None:
        if self.version is None:
            return _("Il testo vigente non si modifica: proponi una modifica (nuova versione).")
        return None

    def get_success_url(self) -> str:
        return self.detail_url(self.version)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "version": self.version}


class PremiseCreateView(_TextView):
    form_class = forms.PremiseForm
    page_title = gettext_lazy("Aggiungi una premessa")
    success_message = gettext_lazy("Premessa aggiunta.")

    def perform(self, form: forms.PremiseForm) -> Any:
        return services.premise_add(actor=self.request.user, agreement=self.agreement, **form.cleaned_data)


class _PremiseView(_TextView):
    def check_allowed(self) -> None:
        super().check_allowed()
        self.premise = get_object_or_404(
            Premise.objects.select_related("version"), pk=self.kwargs["premise_pk"], version=self.version
        )


class PremiseUpdateView(_PremiseView):
    form_class = forms.PremiseForm
    page_title = gettext_lazy("Modifica la premessa")
    success_message = gettext_lazy("Premessa salvata.")

    def get_initial(self) -> dict[str, Any]:
        return {"section": self.premise.section, "text": self.premise.text}

    def perform(self, form: forms.PremiseForm) -> Any:
        return services.premise_update(actor=self.request.user, premise=self.premise, **form.cleaned_data)


class PremiseDeleteView(_PremiseView):
    form_class = forms.ConfirmForm
    page_title = gettext_lazy("Elimina la premessa")
    lead = gettext_lazy("La premessa viene tolta dal testo in preparazione. L'operazione resta nel registro.")
    submit_label = gettext_lazy("Conferma: elimina")
    danger = True
    success_message = gettext_lazy("Premessa eliminata.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "facts": [(self.premise.get_section_display(), self.premise.text)],
        }

    def perform(self, form: forms.ConfirmForm) -> None:
        services.premise_delete(actor=self.request.user, premise=self.premise)


class ArticleDeleteView(_TextView):
    form_class = forms.ConfirmForm
    page_title = gettext_lazy("Elimina l'articolo")
    lead = gettext_lazy(
        "L'articolo viene tolto dal testo in preparazione; gli articoli seguenti mantengono il loro numero. "
        "L'operazione resta nel registro."
    )
    submit_label = gettext_lazy("Conferma: elimina")
    danger = True
    success_message = gettext_lazy("Articolo eliminato.")

    def check_allowed(self) -> None:
        super().check_allowed()
        self.article = get_object_or_404(Article, version=self.version, number=self.kwargs["number"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "facts": [(str(self.article), self.article.body)]}

    def perform(self, form: forms.ConfirmForm) -> None:
        services.article_delete(actor=self.request.user, agreement=self.agreement, number=self.article.number)


class ArticleCreateView(_TextView):
    template_name = "agreements/edit/article_form.html"
    form_class = forms.ArticleForm
    page_title = gettext_lazy("Nuovo articolo")
    success_message = gettext_lazy("Articolo salvato.")

    def get_initial(self) -> dict[str, Any]:
        if self.version is None:
            return {}
        last = self.version.articles.order_by("-number").values_list("number", flat=True).first()
        return {"number": (last or 0) + 1, "revision": 0}

    def perform(self, form: forms.ArticleForm) -> Article:
        data = form.cleaned_data
        try:
            return services.article_save(
                actor=self.request.user,
                agreement=self.agreement,
                number=data["number"],
                title=data["title"],
                body=data["body"],
                expected_revision=None,
            )
        except services.EditConflict:
            # A new article never overwrites one: the number is taken.
            raise ValidationError(
                {
                    "number": _("Esiste già l'articolo %(n)d: modificalo dalla sua pagina.")
                    % {"n": data["number"]}
                }
            ) from None


class ArticleUpdateView(_TextView):
    """The article editor with optimistic concurrency: a save names the revision it started from; if
    someone saved in between, both texts are shown side by side and the user's own text stays in the form."""

    template_name = "agreements/edit/article_form.html"
    form_class = forms.ArticleForm
    success_message = gettext_lazy("Articolo salvato.")

    def check_allowed(self) -> None:
        super().check_allowed()
        if self.version is None:
            raise Http404
        self.article = get_object_or_404(
            Article.objects.select_related("updated_by"), version=self.version, number=self.kwargs["number"]
        )

    def get_title(self) -> str:
        return _("Modifica: %(article)s") % {"article": self.article}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "editing": True}

    def get_initial(self) -> dict[str, Any]:
        return {"title": self.article.title, "body": self.article.body, "revision": self.article.revision}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "article": self.article}

    def form_valid(self, form: forms.ArticleForm) -> HttpResponse:  # type: ignore[override]
        try:
            self.result = services.article_save(
                actor=self.request.user,
                agreement=self.agreement,
                number=self.article.number,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                expected_revision=form.cleaned_data["revision"],
            )
        except services.EditConflict as conflict:
            return self.conflict(form, conflict)
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def conflict(self, form: forms.ArticleForm, conflict: services.EditConflict) -> HttpResponse:
        """Show theirs and mine; keep mine in the form, now based on their revision, so that saving again
        re-applies it deliberately."""
        theirs = Article.objects.select_related("updated_by").get(pk=self.article.pk)
        data = self.request.POST.copy()
        data["revision"] = str(theirs.revision)
        rebased = self.get_form_class()(data=data, editing=True)
        rebased.is_valid()
        mine_title, mine_body = form.cleaned_data["title"], form.cleaned_data["body"]
        context = self.get_context_data(form=rebased)
        context.update(
            {
                "conflict": {
                    "message": " ".join(conflict.messages),
                    "who": (theirs.updated_by.get_full_name() or theirs.updated_by.username)
                    if theirs.updated_by
                    else _("altri"),
                    "when": timezone.localtime(theirs.updated_at),
                    "theirs": theirs,
                    "mine_title": mine_title,
                    "mine_body": mine_body,
                    "diff": word_diff(f"{theirs.title}\n{theirs.body}", f"{mine_title}\n{mine_body}"),
                },
                "submit_label": _("Salva il mio testo al posto del loro"),
            }
        )
        return self.render_to_response(context, status=409)


class BlanksView(AgreementFormView):
    """The blanks still open in the text, where they are, and a form to fill one by hand."""

    template_name = "agreements/edit/blanks.html"
    form_class = forms.BlankFillForm
    page_title = gettext_lazy("Spazi da compilare")

    def check_allowed(self) -> None:
        super().check_allowed()
        self.open_blanks = services.unfilled_blanks(self.agreement)

    def blocked(self) -> str | None:
        if editable_version(self.agreement) is None:
            return _("Il testo vigente non si modifica: proponi una modifica (nuova versione).")
        return None

    def get_form_kwargs(self) -> dict[str, Any]:
        names = sorted({name for found in self.open_blanks.values() for name in found})
        return {**super().get_form_kwargs(), "blanks": names}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "open_blanks": self.open_blanks}

    def perform(self, form: forms.BlankFillForm) -> int:
        return services.blank_fill(actor=self.request.user, agreement=self.agreement, **form.cleaned_data)

    def get_success_url(self) -> str:
        messages.success(
            self.request,
            _("Spazio compilato in %(n)d punti del testo.") % {"n": self.result}
            if self.result != 1
            else _("Spazio compilato in un punto del testo."),
        )
        return reverse("agreements:blanks", args=[self.agreement.pk])


# --- amendments ----------------------------------------------------------------------------------------


class AmendmentProposeView(AgreementFormView):
    form_class = forms.AmendmentProposeForm
    statuses = (S.IN_FORCE,)
    page_title = gettext_lazy("Proponi una modifica")
    lead = gettext_lazy(
        "Si crea una nuova versione del testo, copiata da quella in vigore: modificala, poi registra "
        "l'approvazione di ogni parte. La versione in vigore resta leggibile."
    )
    submit_label = gettext_lazy("Crea la nuova versione")
    success_message = gettext_lazy("Modifica proposta: ora puoi cambiarne il testo.")

    def perform(self, form: forms.AmendmentProposeForm) -> AgreementVersion:
        return services.amendment_propose(
            actor=self.request.user, agreement=self.agreement, reason=form.cleaned_data["reason"]
        )

    def get_success_url(self) -> str:
        return self.detail_url(self.result) + "#text-heading"


class AmendmentApproveView(AgreementFormView):
    """Each party's deliberation approving a proposed version; with the last one, the version takes effect."""

    template_name = "agreements/edit/approvals.html"
    form_class = forms.AmendmentApprovalForm

    def check_allowed(self) -> None:
        super().check_allowed()
        self.version = get_object_or_404(self.agreement.versions.all(), number=self.kwargs["number"])
        self.parties = list(self.agreement.parties.select_related("organization"))
        self.approvals = {
            approval.party_id: approval for approval in self.version.approvals.all().order_by("act_date")
        }

    def get_title(self) -> str:
        return _("Approvazione della versione %(n)d") % {"n": self.version.number}

    def blocked(self) -> str | None:
        if self.version.status != VersionStatus.PROPOSED:
            return _("Questa versione non è una modifica in approvazione.")
        return None

    def get_form_kwargs(self) -> dict[str, Any]:
        today = timezone.localdate()
        waiting = [
            party
            for party in self.parties
            if party.pk not in self.approvals
            and (party.withdrawal_effective_on is None or today < party.withdrawal_effective_on)
        ]
        return {**super().get_form_kwargs(), "parties": waiting}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "version": self.version,
            "rows": [(party, self.approvals.get(party.pk)) for party in self.parties],
            "lead": self.version.reason,
        }

    def perform(self, form: forms.AmendmentApprovalForm) -> AgreementVersion:
        return services.amendment_approve(actor=self.request.user, version=self.version, **form.cleaned_data)

    def get_success_url(self) -> str:
        if self.result.status == VersionStatus.CURRENT:
            messages.success(
                self.request,
                _("Tutte le parti hanno approvato: la versione %(n)d è ora quella in vigore.")
                % {"n": self.version.number},
            )
            return reverse("agreements:agreement_detail", args=[self.agreement.pk])
        messages.success(self.request, _("Approvazione registrata."))
        return reverse("agreements:amendment_approve", args=[self.agreement.pk, self.version.number])


# --- money ---------------------------------------------------------------------------------------------


class ClauseCreateView(AgreementFormView):
    template_name = "agreements/edit/clause_form.html"
    form_class = forms.MoneyClauseForm
    page_title = gettext_lazy("Nuova clausola economica")
    success_message = gettext_lazy("Clausola economica salvata: le quote sommano al totale.")
    anchor = "#money-heading"

    def get_form_kwargs(self) -> dict[str, Any]:
        parties = list(
            self.agreement.parties.exclude(role=PartyRole.ADERENTE)
            .select_related("organization")
            .order_by("signing_order", "pk")
        )
        return {
            **super().get_form_kwargs(),
            "parties": parties,
            "instance": MoneyClause(agreement=self.agreement),
        }

    def perform(self, form: forms.MoneyClauseForm) -> MoneyClause:
        return services.money_clause_create(
            actor=self.request.user, agreement=self.agreement, **form.service_kwargs()
        )


class _ClauseView(AgreementFormView):
    anchor = "#money-heading"

    def check_allowed(self) -> None:
        super().check_allowed()
        self.clause = get_object_or_404(self.agreement.money_clauses.all(), pk=self.kwargs["clause_pk"])


class InstallmentsView(_ClauseView):
    form_class = forms.InstallmentsForm
    submit_label = gettext_lazy("Calcola le rate")

    def get_title(self) -> str:
        return _("Rate: %(clause)s") % {"clause": self.clause.description}

    def blocked(self) -> str | None:
        if not self.clause.installments_every_months:
            return _("La clausola non prevede rate.")
        return None

    def get_form_kwargs(self) -> dict[str, Any]:
        existing = Installment.objects.filter(share__clause=self.clause).exists()
        return {**super().get_form_kwargs(), "has_installments": existing}

    def get_initial(self) -> dict[str, Any]:
        return {"start": self.agreement.start_date, "end": self.agreement.end_date}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        clause = self.clause
        every = clause.installments_every_months
        return {
            **super().get_context_data(**kwargs),
            "lead": _(
                "Ogni quota viene divisa in rate uguali ogni %(months)s mesi, %(when)s; le rate di una quota "
                "sommano alla quota."
            )
            % {
                "months": every or "—",
                "when": _("anticipate (scadenza il primo giorno del periodo)")
                if clause.installments_in_advance
                else _("posticipate (scadenza l'ultimo giorno del periodo)"),
            },
        }

    def perform(self, form: forms.InstallmentsForm) -> int:
        return services.installments_schedule(
            actor=self.request.user,
            clause=self.clause,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
        )

    def get_success_url(self) -> str:
        messages.success(self.request, _("Rate calcolate: %(n)d.") % {"n": self.result})
        return self.detail_url()


class PaymentCreateView(_ClauseView):
    form_class = forms.PaymentForm
    success_message = gettext_lazy("Pagamento registrato.")

    def get_title(self) -> str:
        return _("Pagamento: %(clause)s") % {"clause": self.clause.description}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "clause": self.clause}

    def get_initial(self) -> dict[str, Any]:
        return {"share": self.request.GET.get("quota") or None, "paid_on": timezone.localdate()}

    def perform(self, form: forms.PaymentForm) -> Any:
        return services.payment_record(actor=self.request.user, **form.cleaned_data)
