"""The convocation letter on the session's page: its PDF as the worker makes it, the president's signature
(uploaded, or with the built-in test signer), what was sent to whom, the kept messages, and the calendar feeds."""

from typing import Any

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from agreements.models import SignatureMethod
from assemblies import convocations, invitations, rules, selectors, services
from assemblies.models import CalendarFeed, Convocation, Delivery
from assemblies.views.base import ActionView, SessionFormView
from documents import jobs
from governance.forms import StyledFormMixin


class ConvocationRequestView(ActionView):
    done_message = gettext_lazy("La lettera è in preparazione: la pagina si aggiorna quando è pronta.")

    def act(self, request: HttpRequest) -> Any:
        self.session = selectors.session_for(user=request.user, pk=self.kwargs["pk"])
        return services.convocation_request(actor=request.user, session=self.session)

    def next_url(self) -> str:
        return self.session.get_absolute_url() + "#convocazione"


class ConvocationStatusView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> JsonResponse:
        session = selectors.session_for(user=request.user, pk=pk)
        convocation = convocations.current(session)
        if convocation is None:
            return JsonResponse({"status": None, "settled": True})
        return JsonResponse(jobs.progress(convocation))


class ConvocationDownloadView(LoginRequiredMixin, View):
    """The letter: signed when the president has signed it, else as the worker made it."""

    def get(self, request: HttpRequest, pk: int, convocation_pk: int) -> FileResponse:
        session = selectors.session_for(user=request.user, pk=pk)
        convocation = get_object_or_404(
            Convocation.objects.filter(session=session).select_related("signature"), pk=convocation_pk
        )
        signed = getattr(convocation, "signature", None)
        field = signed.file if signed is not None else convocation.file
        if not field:
            raise Http404
        return FileResponse(field.open("rb"), as_attachment=True, filename=field.name.rsplit("/", 1)[-1])


class ConvocationTestSignView(ActionView):
    done_message = gettext_lazy("Lettera firmata: l'invio ai componenti e agli invitati è in corso.")

    def act(self, request: HttpRequest) -> Any:
        self.session = selectors.session_for(user=request.user, pk=self.kwargs["pk"])
        return services.convocation_sign_with_test_certificate(actor=request.user, session=self.session)

    def next_url(self) -> str:
        return self.session.get_absolute_url() + "#convocazione"


class SignedLetterForm(StyledFormMixin, forms.Form):
    signed_pdf = forms.FileField(
        label=_("Lettera firmata (PDF con firma PAdES)"),
        help_text=gettext_lazy("Il PDF scaricato da questa pagina, firmato digitalmente dal presidente."),
    )


class ConvocationUploadView(SessionFormView):
    form_class = SignedLetterForm
    page_title = gettext_lazy("Carica la lettera firmata dal presidente")
    lead = gettext_lazy(
        "La firma è verificata: deve essere una sola, del presidente, sulla lettera prodotta dall'applicazione. "
        "Con la firma la convocazione parte per i componenti e gli invitati."
    )
    submit_label = gettext_lazy("Verifica e invia")
    success_message = gettext_lazy("Lettera firmata: l'invio ai componenti e agli invitati è in corso.")

    def allowed(self) -> bool:
        return rules.may_sign_convocation(self.request.user, self.session)

    def perform(self, form: SignedLetterForm) -> Any:
        return services.convocation_sign(
            actor=self.request.user,
            session=self.session,
            signed_pdf=form.cleaned_data["signed_pdf"].read(),
            method=SignatureMethod.UPLOAD,
        )

    def get_success_url(self) -> str:
        return self.session.get_absolute_url() + "#convocazione"


class DeliveryMessageView(LoginRequiredMixin, TemplateView):
    """A message kept in the app (no SMTP server): exactly what the recipient would have received."""

    template_name = "assemblies/delivery_message.html"

    def load(self) -> Delivery:
        session = selectors.session_for(user=self.request.user, pk=self.kwargs["pk"])
        if not rules.may_prepare(self.request.user, session.organ):
            raise PermissionDenied
        delivery = get_object_or_404(
            Delivery.objects.select_related("kept_email", "organization", "person"),
            pk=self.kwargs["delivery_pk"],
            session=session,
        )
        if delivery.kept_email is None:
            raise Http404
        return delivery

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("format") == "eml":
            delivery = self.load()
            assert delivery.kept_email is not None
            response = HttpResponse(bytes(delivery.kept_email.raw), content_type="message/rfc822")
            response["Content-Disposition"] = f'attachment; filename="messaggio-{delivery.pk}.eml"'
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        delivery = self.load()
        return {**super().get_context_data(**kwargs), "delivery": delivery, "session": delivery.session}


class FeedView(View):
    """An iCal feed at a secret address (no login: calendar programs subscribe to it)."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        feed = CalendarFeed.objects.select_related("organ", "person").filter(token=token).first()
        if feed is None:
            raise Http404
        sessions, name = selectors.feed_sessions(feed)
        response = HttpResponse(invitations.feed(sessions, name), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="sedute.ics"'
        return response


class FeedCreateView(ActionView):
    """Create (or renew, which retires the old address) the feed of an organ or of the user's own person."""

    done_message = gettext_lazy("Indirizzo del calendario pronto: copialo nel tuo programma di calendario.")

    def act(self, request: HttpRequest) -> Any:
        organ_pk = self.kwargs.get("organ_pk")
        if organ_pk is not None:
            self.organ = selectors.organ_for(user=request.user, pk=organ_pk)
            self.back = self.organ.get_absolute_url() + "#organ-sessions-heading"
            return services.feed_renew(actor=request.user, organ=self.organ)
        self.back = "/"
        return services.feed_renew(actor=request.user, person=getattr(request.user, "person", None))

    def next_url(self) -> str:
        return self.back
