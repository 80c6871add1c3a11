"""The text: premises, articles (with conflict-safe saving), blanks, amendments and their approvals."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements import forms, services
from agreements.compare import word_diff
from agreements.models import (
    AgreementVersion,
    Article,
    Premise,
    VersionStatus,
)
from agreements.views.editing.base import (
    AgreementFormView,
    S,
    editable_version,
)
from core.ui import apply_service_errors

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
