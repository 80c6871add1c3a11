"""Sessions: the list, the page of one session with its agenda, and the forms that prepare, convene, open, close
or cancel it."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assemblies import convocations, rules, selectors, services
from assemblies.forms import AgendaItemForm, ConfirmForm, ReasonForm, SessionForm
from assemblies.models import AgendaItem, Session, SessionStatus
from assemblies.views.base import ActionView, OrganFormView, SessionFormView
from core.audit import audit_trail
from core.ui import RegistryDetailView, RegistryListView

S = SessionStatus


class SessionListView(RegistryListView):
    template_name = "assemblies/session_list.html"
    filter_params = ("organ", "status", "ambito")
    csv_filename = "sedute"
    csv_columns = [
        (gettext_lazy("Organo"), lambda s: s.organ.name),
        (gettext_lazy("Seduta"), lambda s: s.title),
        (gettext_lazy("Data"), lambda s: timezone.localtime(s.starts_at).strftime("%d/%m/%Y %H:%M")),
        (gettext_lazy("Luogo"), lambda s: s.place),
        (gettext_lazy("Stato"), lambda s: s.get_status_display()),
        (gettext_lazy("Punti all'ordine del giorno"), lambda s: s.item_count),
    ]

    def select(self, **kwargs: Any) -> QuerySet[Session]:
        return selectors.session_list(**kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "statuses": S.choices,
            "organs": selectors.visible_organs(self.request.user).order_by("name"),
        }


class SessionDetailView(RegistryDetailView):
    template_name = "assemblies/session_detail.html"
    context_object_name = "session"

    def load(self) -> Session:
        return selectors.session_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        session, user = context["session"], self.request.user
        rules_row = selectors.organ_rules(session.organ)
        prepares = rules.may_prepare(user, session.organ)
        conducts = rules.may_conduct(user, session, prepares=prepares)
        context.update(
            items=selectors.agenda(session),
            rules_row=rules_row,
            prepares=prepares,
            conducts=conducts,
            editable=prepares and rules.agenda_editable(session),
            transitions=rules.transitions_for(prepares=prepares, conducts=conducts, session=session),
            problems=services.convening_problems(session, rules_row) if rules.is_planned(session) else [],
            sitting=rules.attendance_recordable(session),
            votes_here=rules.is_sitting(session) and bool(rules.bodies_user_acts_for(user)),
            audit=audit_trail(obj=session) if prepares else [],
            convocation=convocations.current(session),
            convened=rules.is_convened(session),
            may_sign=rules.may_sign_convocation(user, session),
            test_signer=settings.SIGNATURE_TEST_CA,
            deliveries=selectors.deliveries(session) if prepares else [],
            minutes=selectors.minutes_of(session),
        )
        return context


class SessionCreateView(OrganFormView):
    form_class = SessionForm
    page_title = gettext_lazy("Nuova seduta")
    success_message = gettext_lazy("Seduta creata: aggiungi i punti all'ordine del giorno.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "organ": self.organ}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Nuova seduta: %(organ)s") % {"organ": self.organ}
        return context

    def perform(self, form: SessionForm) -> Session:
        data = dict(form.cleaned_data)
        starts_at = data.pop("starts_at")
        return services.session_create(actor=self.request.user, organ=self.organ, starts_at=starts_at, **data)

    def get_success_url(self) -> str:
        return self.result.get_absolute_url()


class SessionUpdateView(SessionFormView):
    form_class = SessionForm
    page_title = gettext_lazy("Modifica la seduta")
    success_message = gettext_lazy("Seduta aggiornata.")

    def get_form_kwargs(self) -> dict[str, Any]:
        instance = Session.objects.get(pk=self.session.pk)
        return {**super().get_form_kwargs(), "organ": self.session.organ, "instance": instance}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if rules.is_convened(self.session):
            context["lead"] = _(
                "La seduta è già convocata: se cambiano data, ora o luogo, i componenti ricevono l'invito aggiornato."
            )
        if not rules.agenda_editable(self.session):
            context["blocked"] = _("La seduta è «%(status)s»: non si modifica più.") % {
                "status": self.session.get_status_display()
            }
        return context

    def perform(self, form: SessionForm) -> list[str]:
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        return services.session_update(actor=self.request.user, session=self.session, **changes)


TRANSITION_NOTES = {
    S.CONVENED: gettext_lazy(
        "La seduta viene convocata: l'ordine del giorno resta modificabile, ma ogni modifica di data, ora o luogo "
        "è comunicata ai componenti."
    ),
    S.OPEN: gettext_lazy("Il presidente apre la seduta: serve il numero legale dei componenti presenti."),
    S.CLOSED: gettext_lazy("La seduta si chiude: le presenze ancora aperte registrano l'uscita ora."),
    S.CANCELLED: gettext_lazy("La seduta viene annullata: i componenti ricevono l'annullamento dell'invito."),
}


class SessionTransitionView(SessionFormView):
    """A confirmation page before each step; a refused step says why."""

    form_class = ConfirmForm

    def check_allowed(self) -> None:
        if self.kwargs["to"] not in S.values:
            raise Http404
        self.to_state = S(self.kwargs["to"])
        super().check_allowed()

    def allowed(self) -> bool:
        if self.to_state in rules.CONDUCTED:
            return rules.may_conduct(self.request.user, self.session)
        return rules.may_prepare(self.request.user, self.session.organ)

    def get_form_class(self) -> Any:
        return ReasonForm if self.to_state == S.CANCELLED else ConfirmForm

    def get_title(self) -> str:
        return _("Seduta: passa a «%(status)s»") % {"status": self.to_state.label}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["lead"] = TRANSITION_NOTES[self.to_state]
        context["danger"] = self.to_state == S.CANCELLED
        context["submit_label"] = _("Conferma: «%(status)s»") % {"status": self.to_state.label}
        if self.to_state not in rules.next_states(self.session):
            context["blocked"] = _("Una seduta «%(current)s» non può passare a «%(target)s».") % {
                "current": self.session.get_status_display(),
                "target": self.to_state.label,
            }
        elif self.to_state == S.CONVENED:
            problems = services.convening_problems(self.session, selectors.organ_rules(self.session.organ))
            if problems:
                context["blocked"] = _("La seduta non si può ancora convocare: %(problems)s.") % {
                    "problems": "; ".join(problems)
                }
        return context

    def perform(self, form: Any) -> Session:
        reason = form.cleaned_data.get("reason", "")
        return services.session_transition(
            actor=self.request.user, session=self.session, to=self.to_state, reason=reason
        )

    def get_success_url(self) -> str:
        messages.success(self.request, _("Seduta: «%(status)s».") % {"status": self.to_state.label})
        if self.to_state == S.OPEN:
            return reverse("assemblies:console", args=[self.session.pk])
        return self.session.get_absolute_url()


class _ItemFormView(SessionFormView):
    form_class = AgendaItemForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "organ": self.session.organ}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not rules.agenda_editable(self.session):
            context["blocked"] = _("La seduta è «%(status)s»: l'ordine del giorno non si modifica più.") % {
                "status": self.session.get_status_display()
            }
        return context

    def get_success_url(self) -> str:
        return self.session.get_absolute_url() + "#ordine-del-giorno"


class ItemCreateView(_ItemFormView):
    page_title = gettext_lazy("Nuovo punto all'ordine del giorno")
    success_message = gettext_lazy("Punto aggiunto all'ordine del giorno.")

    def perform(self, form: AgendaItemForm) -> AgendaItem:
        return services.item_add(actor=self.request.user, session=self.session, **form.cleaned_data)


class ItemUpdateView(_ItemFormView):
    page_title = gettext_lazy("Modifica il punto all'ordine del giorno")
    success_message = gettext_lazy("Punto aggiornato.")

    def check_allowed(self) -> None:
        super().check_allowed()
        self.item = get_object_or_404(AgendaItem, pk=self.kwargs["item_pk"], session=self.session)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": AgendaItem.objects.get(pk=self.item.pk)}

    def perform(self, form: AgendaItemForm) -> list[str]:
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        return services.item_update(actor=self.request.user, item=self.item, **changes)


class ItemDeleteView(_ItemFormView):
    form_class = ConfirmForm  # type: ignore[assignment]
    danger = True
    submit_label = gettext_lazy("Elimina il punto")
    success_message = gettext_lazy("Punto eliminato; i punti seguenti sono stati rinumerati.")

    def check_allowed(self) -> None:
        super().check_allowed()
        self.item = get_object_or_404(AgendaItem, pk=self.kwargs["item_pk"], session=self.session)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.pop("organ")
        return kwargs

    def get_title(self) -> str:
        return _("Elimina il punto %(position)d: %(title)s") % {
            "position": self.item.position,
            "title": self.item.title,
        }

    def perform(self, form: Any) -> None:
        services.item_remove(actor=self.request.user, item=self.item)


class ItemMoveView(ActionView):
    def act(self, request: HttpRequest) -> Any:
        self.session = selectors.session_for(user=request.user, pk=self.kwargs["pk"])
        if not rules.may_prepare(request.user, self.session.organ):
            raise PermissionDenied
        item = get_object_or_404(AgendaItem, pk=self.kwargs["item_pk"], session=self.session)
        by = -1 if self.kwargs["direction"] == "su" else 1
        return services.item_move(actor=request.user, item=item, by=by)

    def next_url(self) -> str:
        return self.session.get_absolute_url() + "#ordine-del-giorno"
