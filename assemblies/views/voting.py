"""Voting live: the president's console, the room screen on the projector (no login, a secret address), and the
mayor's phone page. Each live part is a fragment that polls with its state key: an unchanged state answers
204 (htmx swaps nothing), so 500 phones asking every 3 s cost one small query each."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from assemblies import live, rules, selectors, services
from assemblies.forms import BallotForm, ReasonForm, VoteOpenForm
from assemblies.models import AgendaItem, Choice, Session, Vote
from assemblies.views.base import ActionView, SessionFormView
from governance.models import Organization


def board(session: Session) -> dict[str, Any]:
    """What the console and the room screen show: the open vote's count, else the last result."""
    vote = selectors.open_vote(session)
    cast = selectors.ballots_cast(vote) if vote else 0
    last = None if vote else selectors.latest_closed_vote(session)
    key = f"{session.status}-{vote.pk if vote else 0}-{cast}-{last.pk if last else 0}"
    return {
        "session": session,
        "vote": vote,
        "cast": cast,
        "last": last,
        "names": selectors.named_ballots(last) if last else [],
        "sitting": rules.is_sitting(session),
        "board_key": key,
    }


def unchanged(request: HttpRequest, key: str) -> bool:
    return request.GET.get("stato") == key


class ConsoleView(LoginRequiredMixin, TemplateView):
    template_name = "assemblies/console.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        session = selectors.session_for(user=self.request.user, pk=self.kwargs["pk"])
        if not rules.may_conduct(self.request.user, session):
            raise PermissionDenied
        items = selectors.agenda(session)
        return {
            **super().get_context_data(**kwargs),
            **board(session),
            "items": items,
            "votable": {item.pk for item in items if rules.votable(item)},
            "quorum": selectors.quorum(session, selectors.organ_rules(session.organ)),
            "secrecy_buttons": rules.SECRECY_BUTTONS,
            "live_url": reverse("assemblies:console_live", args=[session.pk]),
            "screen_url": self.request.build_absolute_uri(
                reverse("assemblies:screen", args=[session.screen_token])
            ),
        }


class ConsoleFragmentView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = selectors.session_for(user=request.user, pk=pk)
        if not rules.may_conduct(request.user, session):
            raise PermissionDenied
        context = board(session)
        if unchanged(request, context["board_key"]):
            return HttpResponse(status=204)
        context["live_url"] = reverse("assemblies:console_live", args=[pk])
        return TemplateResponse(request, "assemblies/fragments/board.html", context)


class RoomScreenView(TemplateView):
    """The projector in the room: no login; the address carries the session's own secret."""

    template_name = "assemblies/screen.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        session = Session.objects.select_related("organ").filter(screen_token=self.kwargs["token"]).first()
        if session is None:
            raise Http404
        return {
            **super().get_context_data(**kwargs),
            **board(session),
            "live_url": reverse("assemblies:screen_live", args=[session.screen_token]),
        }


class RoomScreenFragmentView(View):
    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        session = Session.objects.select_related("organ").filter(screen_token=token).first()
        if session is None:
            raise Http404
        context = board(session)
        if unchanged(request, context["board_key"]):
            return HttpResponse(status=204)
        context["live_url"] = reverse("assemblies:screen_live", args=[token])
        return TemplateResponse(request, "assemblies/fragments/board.html", context)


class VoteOpenView(ActionView):
    done_message = gettext_lazy("Votazione aperta.")

    def act(self, request: HttpRequest) -> Any:
        self.session = selectors.session_for(user=request.user, pk=self.kwargs["pk"])
        if not rules.may_conduct(request.user, self.session):
            raise PermissionDenied
        item = get_object_or_404(AgendaItem, pk=self.kwargs["item_pk"], session=self.session)
        form = VoteOpenForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Scegli voto palese o segreto."))
        return services.vote_open(actor=request.user, item=item, secrecy=form.cleaned_data["secrecy"])

    def next_url(self) -> str:
        return reverse("assemblies:console", args=[self.session.pk])


def _vote_for(request: HttpRequest, vote_pk: int) -> Vote:
    vote = get_object_or_404(Vote.objects.select_related("item__session__organ"), pk=vote_pk)
    selectors.session_for(user=request.user, pk=vote.item.session_id)  # 404 unless visible
    if not rules.may_conduct(request.user, vote.item.session):
        raise PermissionDenied
    return vote


class VoteCloseView(ActionView):
    def act(self, request: HttpRequest) -> Any:
        self.vote = _vote_for(request, self.kwargs["vote_pk"])
        closed = services.vote_close(actor=request.user, vote=self.vote)
        deliberation = closed.deliberation
        messages.success(
            request,
            _("Votazione chiusa: %(outcome)s. Deliberazione n. %(ref)s.")
            % {"outcome": closed.get_outcome_display(), "ref": deliberation.reference},
        )
        return closed

    def next_url(self) -> str:
        return reverse("assemblies:console", args=[self.vote.item.session_id])


class VoteAnnulView(SessionFormView):
    form_class = ReasonForm
    danger = True
    page_title = gettext_lazy("Annulla la votazione")
    lead = gettext_lazy(
        "La votazione annullata resta registrata con il motivo; i voti raccolti non sono contati e il punto si può "
        "votare di nuovo."
    )
    submit_label = gettext_lazy("Annulla la votazione")
    success_message = gettext_lazy("Votazione annullata: il punto si può votare di nuovo.")

    def check_allowed(self) -> None:
        self.vote = _vote_for(self.request, self.kwargs["vote_pk"])
        self.session = self.vote.item.session

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["facts"] = [
            (_("Punto"), str(self.vote.item)),
            (_("Votazione"), self.vote.get_status_display()),
        ]
        if not rules.is_open_vote(self.vote):
            context["blocked"] = _("Si annulla solo una votazione aperta.")
        return context

    def perform(self, form: ReasonForm) -> Vote:
        return services.vote_annul(
            actor=self.request.user, vote=self.vote, reason=form.cleaned_data["reason"]
        )

    def get_success_url(self) -> str:
        return reverse("assemblies:console", args=[self.session.pk])


def phone_state(user: Any, session: Session) -> dict[str, Any]:
    vote = selectors.open_vote(session)
    ballots = services.ballots_for(user, vote) if vote else []
    done = selectors.cast_by(vote, [b.voter_id for b in ballots]) if vote else set()
    last = None if vote else selectors.latest_closed_vote(session)
    return {
        "session": session,
        "vote": vote,
        "ballots": [(b, b.voter_id in done) for b in ballots],
        "last": last,
        "phone_key": live.stage(session.pk),
        "sitting": rules.is_sitting(session),
        "choices": Choice.choices,
    }


class PhoneVoteView(LoginRequiredMixin, TemplateView):
    """A mayor's page on the phone: the vote in course, one row of large buttons per body they vote for."""

    template_name = "assemblies/phone.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        session = selectors.session_for(user=self.request.user, pk=self.kwargs["pk"])
        return {
            **super().get_context_data(**kwargs),
            **phone_state(self.request.user, session),
            "live_url": reverse("assemblies:phone_live", args=[session.pk]),
        }

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = selectors.session_for(user=request.user, pk=pk)
        form = BallotForm(request.POST)
        vote = selectors.open_vote(session)
        if not form.is_valid() or vote is None or str(vote.pk) != request.POST.get("vote"):
            messages.error(request, _("La votazione non è più aperta: il voto non è stato registrato."))
            return HttpResponseRedirect(request.path)
        voter = get_object_or_404(Organization, pk=form.cleaned_data["voter"])
        try:
            services.ballot_cast(
                actor=request.user, vote=vote, voter=voter, choice=form.cleaned_data["choice"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Voto registrato per %(body)s su «%(item)s».") % {"body": voter, "item": vote.item.title},
            )
        return HttpResponseRedirect(request.path)


class PhoneFragmentView(View):
    """The phone's live part. While the stage it shows is unchanged: 204, before any query (not even the login's,
    see assemblies/live.py); else the fragment, for a logged-in user who may see the session."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        if unchanged(request, live.stage(pk)):
            return HttpResponse(status=204)
        if not request.user.is_authenticated:
            raise PermissionDenied
        session = selectors.session_for(user=request.user, pk=pk)
        context = phone_state(request.user, session)
        context["live_url"] = reverse("assemblies:phone_live", args=[pk])
        return TemplateResponse(request, "assemblies/fragments/phone.html", context)
