"""The notice board: publishing an act (the Ufficio di Piano previews the blanked copy and confirms it), and the
public pages, without login: an organ's board and archive, one act, its PDF, and the Atom feed of new acts."""

from typing import Any

from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from assemblies import publication, rules, selectors, services
from assemblies.forms import PublishForm
from assemblies.models import PublishedAct
from assemblies.views.base import ActionView, AssemblyFormView
from governance.models import Organ


class _PublishView(AssemblyFormView):
    form_class = PublishForm
    template_name = "assemblies/publish.html"
    submit_label = gettext_lazy("Pubblica all'albo")
    success_message = gettext_lazy("Atto pubblicato: la copia PDF è in preparazione.")
    lead = gettext_lazy(
        "Si pubblica una copia con i dati personali sostituiti da «omissis»: i codici fiscali sempre, i nomi "
        "delle persone assistite che indichi qui. Il testo integrale resta agli atti, visibile solo all'interno."
    )

    organ: Organ
    back: str
    source_act: Any
    text: str

    def source(self) -> tuple[Any, str]:
        raise NotImplementedError

    def get_title(self) -> str:
        raise NotImplementedError

    def check_allowed(self) -> None:
        self.source_act, self.text = self.source()
        if not rules.may_publish(self.request.user, self.organ):
            raise PermissionDenied

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if "preview" in request.POST:  # show the blanked copy for these names; publish nothing
            form = self.get_form_class()(initial={"names": request.POST.get("names", "")})
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        names = self.request.POST.get("names", "") if self.request.method == "POST" else ""
        blanked, count = services.preview(self.text, names)
        return {
            **context,
            **self.texts(),
            "title": self.get_title(),
            "preview": blanked,
            "blanked": count,
            "cancel_url": self.back,
        }

    def get_success_url(self) -> str:
        return self.back


class PublishDeliberationView(_PublishView):
    def source(self) -> tuple[Any, str]:
        deliberation = selectors.deliberation_for(user=self.request.user, pk=self.kwargs["pk"])
        self.organ, self.back = (
            deliberation.organ,
            reverse("assemblies:deliberation_detail", args=[deliberation.pk]),
        )
        return deliberation, services.deliberation_text(deliberation)

    def get_title(self) -> str:
        return _("Pubblica all'albo: %(act)s") % {"act": self.source_act}

    def perform(self, form: PublishForm) -> Any:
        return services.publish_deliberation(
            actor=self.request.user, deliberation=self.source_act, names=form.cleaned_data["names"]
        )


class PublishMinutesView(_PublishView):
    def source(self) -> tuple[Any, str]:
        session = selectors.session_for(user=self.request.user, pk=self.kwargs["pk"])
        minutes = selectors.minutes_of(session)
        if minutes is None:
            raise Http404
        self.organ, self.back = session.organ, reverse("assemblies:minutes", args=[session.pk])
        return minutes, minutes.text

    def get_title(self) -> str:
        return _("Pubblica all'albo: %(act)s") % {"act": self.source_act}

    def perform(self, form: PublishForm) -> Any:
        return services.publish_minutes(
            actor=self.request.user, minutes=self.source_act, names=form.cleaned_data["names"]
        )


# --- public pages (no login) ---------------------------------------------------------------------------


class BoardIndexView(TemplateView):
    template_name = "assemblies/public/index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "organs": selectors.publishing_organs()}


class OrganBoardView(TemplateView):
    """An organ's notice board: the acts in their publication period, and the archive (searchable, paged)."""

    template_name = "assemblies/public/organ.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        organ = get_object_or_404(Organ, pk=self.kwargs["organ_pk"])
        today = timezone.localdate()
        query = self.request.GET.get("q", "").strip()
        archive: QuerySet[PublishedAct] = selectors.public_archive(organ, today)
        if query:
            archive = archive.filter(Q(title__icontains=query) | Q(text__icontains=query))
        page = Paginator(archive, 25).get_page(self.request.GET.get("page"))
        return {
            **super().get_context_data(**kwargs),
            "organ": organ,
            "on_board": selectors.public_on_board(organ, today),
            "page_obj": page,
            "archive": page.object_list,
            "is_paginated": page.has_other_pages(),
            "query": query,
            "query_string": f"q={query}" if query else "",
            "days": publication.period(today)[1].toordinal() - today.toordinal() + 1,
        }


class ActView(TemplateView):
    template_name = "assemblies/public/act.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        act = get_object_or_404(selectors.public_acts(), pk=self.kwargs["pk"])
        today = timezone.localdate()
        return {
            **super().get_context_data(**kwargs),
            "act": act,
            "on_board": publication.on_board(act, today),
        }


class ActPdfView(View):
    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        act = get_object_or_404(selectors.public_acts(), pk=pk)
        if not act.is_ready or not act.file:
            raise Http404
        return FileResponse(
            act.file.open("rb"), as_attachment=False, filename=act.file.name.rsplit("/", 1)[-1]
        )


class OrganActsFeed(Feed):
    """Atom: the organ's latest published acts."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, organ_pk: int) -> Organ:
        return get_object_or_404(Organ, pk=organ_pk)

    def title(self, organ: Organ) -> str:
        return _("Albo di %(organ)s") % {"organ": organ}

    def link(self, organ: Organ) -> str:
        return reverse("assemblies:public_organ", args=[organ.pk])

    def subtitle(self, organ: Organ) -> str:
        return _("Deliberazioni adottate e verbali approvati, con i dati personali oscurati.")

    def items(self, organ: Organ) -> list[PublishedAct]:
        return list(selectors.public_acts().filter(organ=organ).order_by("-created_at")[:50])

    def item_title(self, act: PublishedAct) -> str:
        return f"{act.get_kind_display()} — {act.title} ({_('n.')} {act.reference})"

    def item_description(self, act: PublishedAct) -> str:
        return act.text[:500]

    def item_link(self, act: PublishedAct) -> str:
        return reverse("assemblies:public_act", args=[act.pk])

    def item_pubdate(self, act: PublishedAct) -> Any:
        return act.created_at

    def item_updateddate(self, act: PublishedAct) -> Any:
        return act.updated_at


class PublicationRequestView(ActionView):
    """Ask the worker again for a published copy whose PDF failed or got stuck (it is not public until ready)."""

    done_message = gettext_lazy("Copia richiesta di nuovo: sarà pubblica appena pronta.")

    def act(self, request: HttpRequest) -> Any:
        act = get_object_or_404(PublishedAct.objects.select_related("organ"), pk=self.kwargs["pk"])
        selectors.organ_for(user=request.user, pk=act.organ_id)  # 404 when the organ is not visible
        self.back = (
            reverse("assemblies:deliberation_detail", args=[act.deliberation_id])
            if act.deliberation_id
            else reverse("assemblies:minutes", args=[act.minutes.session_id])  # type: ignore[union-attr]
        )
        return services.publication_request(actor=request.user, act=act)

    def next_url(self) -> str:
        return self.back
