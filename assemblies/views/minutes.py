"""The minutes of a session: the page where the secretary edits the draft (every save a revision, with the changes
shown against the one before), makes it final, follows the PDF, collects the signatures or sends it; the item
notes and the secretary's name, which feed the draft."""

import difflib
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from agreements.models import SignatureMethod
from assemblies import minutes as drafting
from assemblies import rules, selectors, services
from assemblies.forms import MinutesTextForm, NotesForm, ReasonForm, SecretaryForm
from assemblies.models import AgendaItem, Attendance, Minutes, MinutesRevision, Session
from assemblies.views.base import ActionView, SessionFormView
from documents import jobs
from governance.forms import StyledFormMixin
from governance.models import Person


def minutes_url(session: Session) -> str:
    return reverse("assemblies:minutes", args=[session.pk])


class MinutesView(SessionFormView):
    """The minutes' page; while a draft, its form saves the text as a new revision."""

    template_name = "assemblies/minutes.html"
    form_class = MinutesTextForm
    success_message = gettext_lazy("Verbale salvato: nuova revisione registrata.")

    def check_allowed(self) -> None:
        self.session = selectors.session_for(user=self.request.user, pk=self.kwargs["pk"])
        self.minutes = selectors.minutes_of(self.session)
        self.writes = rules.may_write_minutes(self.request.user, self.session)
        if self.request.method == "POST" and not (
            self.writes and self.minutes is not None and rules.minutes_editable(self.minutes)
        ):
            raise PermissionDenied

    def get_initial(self) -> dict[str, Any]:
        if self.minutes is None:
            return {}
        return {"text": self.minutes.text, "base_revision": self.minutes.revision}

    def perform(self, form: MinutesTextForm) -> Any:
        assert self.minutes is not None
        return services.minutes_edit(
            actor=self.request.user,
            minutes=self.minutes,
            text=form.cleaned_data["text"],
            summary=form.cleaned_data["summary"],
            base_revision=form.cleaned_data["base_revision"],
        )

    def get_success_url(self) -> str:
        return minutes_url(self.session)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        minutes, session, user = self.minutes, self.session, self.request.user
        document = drafting.current_document(minutes) if minutes is not None else None
        regime = rules.minutes_regime(selectors.organ_rules(session.organ), session.organ)
        turn = services.next_signer(minutes) if minutes is not None and rules.minutes_final(minutes) else None
        context.update(
            title=_("Verbale"),
            minutes=minutes,
            writes=self.writes,
            editable=minutes is not None and self.writes and rules.minutes_editable(minutes),
            preparing=minutes is not None and rules.minutes_preparing(minutes),
            is_final=minutes is not None and rules.minutes_final(minutes),
            publishable=minutes is not None and rules.minutes_published_when(minutes),
            secretary_changeable=minutes is not None
            and (rules.minutes_editable(minutes) or rules.minutes_preparing(minutes)),
            document=document,
            signatures=list(document.signatures.all()) if document else [],
            sent_regime=rules.minutes_are_sent(regime),
            turn=turn,
            may_sign=turn is not None and rules.may_sign_minutes(user, session, turn[1]),
            test_signer=settings.SIGNATURE_TEST_CA,
            revisions=selectors.minutes_revisions(minutes) if minutes is not None else [],
            publishes=rules.may_publish(user, session.organ),
            publication=getattr(minutes, "publication", None) if minutes is not None else None,
            deliveries=selectors.minutes_deliveries(session) if self.writes else [],
        )
        return context


class MinutesStatusView(LoginRequiredMixin, View):
    """What the page polls: the draft, then the PDF, until settled."""

    def get(self, request: HttpRequest, pk: int) -> JsonResponse:
        session = selectors.session_for(user=request.user, pk=pk)
        minutes = selectors.minutes_of(session)
        if minutes is None:
            return JsonResponse({"status": None, "settled": True})
        if rules.minutes_preparing(minutes):
            return JsonResponse(
                {
                    "status": minutes.status,
                    "label": minutes.get_status_display(),
                    "settled": bool(minutes.draft_error),
                }
            )
        document = drafting.current_document(minutes)
        if document is None:
            return JsonResponse({"status": minutes.status, "settled": True})
        return JsonResponse(jobs.progress(document))


class RevisionView(LoginRequiredMixin, TemplateView):
    """One revision: its text, who saved it and why, and what changed against the one before."""

    template_name = "assemblies/minutes_revision.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        session = selectors.session_for(user=self.request.user, pk=self.kwargs["pk"])
        if not rules.may_write_minutes(self.request.user, session):
            raise PermissionDenied
        minutes = selectors.minutes_of(session)
        if minutes is None:
            raise Http404
        revision = get_object_or_404(
            MinutesRevision.objects.select_related("author"), minutes=minutes, number=self.kwargs["number"]
        )
        before = MinutesRevision.objects.filter(minutes=minutes, number=revision.number - 1).first()
        diff = list(
            difflib.unified_diff(
                (before.text if before else "").splitlines(),
                revision.text.splitlines(),
                fromfile=_("revisione %(n)d") % {"n": revision.number - 1},
                tofile=_("revisione %(n)d") % {"n": revision.number},
                lineterm="",
                n=2,
            )
        )
        return {
            **super().get_context_data(**kwargs),
            "session": session,
            "minutes": minutes,
            "revision": revision,
            "before": before,
            "diff": [(line[:1], line[1:] if line[:1] in "+- " else line) for line in diff[2:]],
        }


class _MinutesAction(ActionView):
    def load(self, request: HttpRequest) -> Minutes:
        self.session = selectors.session_for(user=request.user, pk=self.kwargs["pk"])
        minutes = selectors.minutes_of(self.session)
        if minutes is None:
            raise Http404
        return minutes

    def next_url(self) -> str:
        return minutes_url(self.session)


class RetryDraftView(_MinutesAction):
    done_message = gettext_lazy("Bozza richiesta di nuovo: la pagina si aggiorna quando è pronta.")

    def act(self, request: HttpRequest) -> Any:
        return services.minutes_retry_draft(actor=request.user, minutes=self.load(request))


class RedraftView(_MinutesAction):
    done_message = gettext_lazy(
        "Bozza rigenerata dai dati della seduta: il testo precedente resta tra le revisioni."
    )

    def act(self, request: HttpRequest) -> Any:
        return services.minutes_redraft(actor=request.user, minutes=self.load(request))


class FinalizeView(SessionFormView):
    """Confirm the final text: after this it changes only by reopening it, and not after a signature."""

    form_class = forms.Form
    page_title = gettext_lazy("Rendi definitivo il verbale")
    lead = gettext_lazy(
        "Il testo non si potrà più modificare: il sistema ne prepara il PDF/A da firmare (o da inviare). "
        "Finché nessuno ha firmato puoi riportarlo in bozza indicando il motivo."
    )
    submit_label = gettext_lazy("Rendi definitivo")
    success_message = gettext_lazy("Testo definitivo: il PDF è in preparazione.")

    def allowed(self) -> bool:
        return rules.may_write_minutes(self.request.user, self.session)

    def perform(self, form: Any) -> Any:
        minutes = selectors.minutes_of(self.session)
        if minutes is None:
            raise Http404
        return services.minutes_finalize(actor=self.request.user, minutes=minutes)

    def get_success_url(self) -> str:
        return minutes_url(self.session)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "cancel_url": minutes_url(self.session)}


class ReopenView(SessionFormView):
    form_class = ReasonForm
    page_title = gettext_lazy("Riporta il verbale in bozza")
    lead = gettext_lazy(
        "Si può solo finché nessuno ha firmato. Il motivo resta nel registro delle modifiche."
    )
    submit_label = gettext_lazy("Riporta in bozza")
    success_message = gettext_lazy("Il verbale è di nuovo in bozza.")
    danger = True

    def allowed(self) -> bool:
        return rules.may_write_minutes(self.request.user, self.session)

    def perform(self, form: ReasonForm) -> Any:
        minutes = selectors.minutes_of(self.session)
        if minutes is None:
            raise Http404
        return services.minutes_reopen(
            actor=self.request.user, minutes=minutes, reason=form.cleaned_data["reason"]
        )

    def get_success_url(self) -> str:
        return minutes_url(self.session)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "cancel_url": minutes_url(self.session)}


class PdfRequestView(_MinutesAction):
    done_message = gettext_lazy("PDF richiesto di nuovo: la pagina si aggiorna quando è pronto.")

    def act(self, request: HttpRequest) -> Any:
        return services.minutes_request_pdf(actor=request.user, minutes=self.load(request))


class DownloadView(LoginRequiredMixin, View):
    """The current PDF: with its latest signature when signed, else as the worker made it."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        session = selectors.session_for(user=request.user, pk=pk)
        minutes = selectors.minutes_of(session)
        document = drafting.current_document(minutes) if minutes is not None else None
        if document is None or not document.is_ready:
            raise Http404
        links = list(document.signatures.all())
        field = links[-1].file if links else document.file
        return FileResponse(field.open("rb"), as_attachment=True, filename=field.name.rsplit("/", 1)[-1])


class TestSignView(_MinutesAction):
    done_message = gettext_lazy("Firma apposta con il certificato di prova.")

    def act(self, request: HttpRequest) -> Any:
        return services.minutes_sign_with_test_certificate(actor=request.user, minutes=self.load(request))


class SignedMinutesForm(StyledFormMixin, forms.Form):
    signed_pdf = forms.FileField(
        label=gettext_lazy("Verbale firmato (PDF con firma PAdES)"),
        help_text=gettext_lazy("Il PDF scaricato da questa pagina, con la firma di chi è di turno aggiunta."),
    )


class UploadView(SessionFormView):
    form_class = SignedMinutesForm
    page_title = gettext_lazy("Carica il verbale firmato")
    lead = gettext_lazy(
        "La firma è verificata: una sola in più rispetto all'ultima versione, di chi è di turno (prima il "
        "presidente, poi il segretario), sul verbale prodotto dall'applicazione."
    )
    submit_label = gettext_lazy("Verifica e registra la firma")
    success_message = gettext_lazy("Firma verificata e registrata.")

    def allowed(self) -> bool:
        self.minutes = selectors.minutes_of(self.session)
        if self.minutes is None:
            raise Http404
        turn = services.next_signer(self.minutes)
        return turn is not None and rules.may_sign_minutes(self.request.user, self.session, turn[1])

    def perform(self, form: SignedMinutesForm) -> Any:
        assert self.minutes is not None
        return services.minutes_sign(
            actor=self.request.user,
            minutes=self.minutes,
            signed_pdf=form.cleaned_data["signed_pdf"].read(),
            method=SignatureMethod.UPLOAD,
        )

    def get_success_url(self) -> str:
        return minutes_url(self.session)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "cancel_url": minutes_url(self.session)}


class SendView(_MinutesAction):
    done_message = gettext_lazy("Verbale in invio agli enti firmatari.")

    def act(self, request: HttpRequest) -> Any:
        return services.minutes_send(actor=request.user, minutes=self.load(request))


def secretary_candidates(session: Session, regime: str) -> QuerySet[Person]:
    """Those present (a Tavolo's secretary is chosen among them); for an assembly, also whoever holds an office
    at a member body or at the body managing the organ."""
    present = Person.objects.filter(
        pk__in=Attendance.objects.filter(session=session, person__isnull=False).values("person_id")
    )
    if rules.minutes_are_sent(regime):
        return present.order_by("family_name", "given_name")
    day = session.starts_at.date()
    bodies = list(rules.member_bodies(session.organ, day).values_list("pk", flat=True))
    if session.organ.managing_body_id:
        bodies.append(session.organ.managing_body_id)
    return (
        (
            Person.objects.filter(pk__in=present.values("pk"))
            | Person.objects.filter(mandates__organization__in=bodies)
        )
        .distinct()
        .order_by("family_name", "given_name")
    )


class SecretaryView(SessionFormView):
    form_class = SecretaryForm
    page_title = gettext_lazy("Segretario verbalizzante")
    submit_label = gettext_lazy("Salva")
    success_message = gettext_lazy("Segretario verbalizzante registrato.")

    def allowed(self) -> bool:
        return rules.may_write_minutes(self.request.user, self.session)

    def regime(self) -> str:
        return rules.minutes_regime(selectors.organ_rules(self.session.organ), self.session.organ)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "people": secretary_candidates(self.session, self.regime()),
            "initial": {"secretary": self.session.secretary_id},
        }

    def texts(self) -> dict[str, Any]:
        lead = (
            _(
                "Il protocollo (art. 4) vuole il segretario verbalizzante individuato tra i presenti alla riunione."
            )
            if rules.minutes_are_sent(self.regime())
            else _("Firma il verbale dopo il presidente.")
        )
        return {**super().texts(), "lead": lead}

    def perform(self, form: SecretaryForm) -> Any:
        return services.minutes_set_secretary(
            actor=self.request.user, session=self.session, person=form.cleaned_data["secretary"]
        )

    def get_success_url(self) -> str:
        return back_to(self.session)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "cancel_url": back_to(self.session)}


class NotesView(SessionFormView):
    """The secretary's notes on one item, written during the sitting: the draft quotes them."""

    form_class = NotesForm
    submit_label = gettext_lazy("Salva le note")
    success_message = gettext_lazy("Note salvate.")

    def allowed(self) -> bool:
        self.item = get_object_or_404(AgendaItem, pk=self.kwargs["item_pk"], session=self.session)
        return rules.may_write_minutes(self.request.user, self.session)

    def get_title(self) -> str:
        return _("Note per il verbale: %(item)s") % {"item": self.item}

    def get_initial(self) -> dict[str, Any]:
        return {"notes": self.item.notes}

    def perform(self, form: NotesForm) -> Any:
        return services.item_notes_set(
            actor=self.request.user, item=self.item, notes=form.cleaned_data["notes"]
        )

    def get_success_url(self) -> str:
        return back_to(self.session)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "cancel_url": back_to(self.session)}


def back_to(session: Session) -> str:
    """Where the secretary came from: the console while the session sits, the minutes once it is closed."""
    if rules.is_sitting(session):
        return reverse("assemblies:console", args=[session.pk])
    if rules.minutes_drafted_when(session):
        return minutes_url(session)
    return session.get_absolute_url()
