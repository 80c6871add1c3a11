"""Viewsets of the assemblies API, thin like the others: reads through assemblies.selectors (an organ the user may
not see is a 404), writes through assemblies.services (the same checks as the pages: 403 when refused, a 400 that
keeps the service's code: `transition`, `guard`, `quorum`, `duplicate`, `late`...). A ballot through the API goes
through the very service the phone page uses."""

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from agreements.api.base import action_schema, service_errors
from assemblies import rules, selectors, services
from assemblies.api.inputs import (
    AgendaItemInputSerializer,
    BallotInputSerializer,
    CheckInInputSerializer,
    ProxyInputSerializer,
    PublishInputSerializer,
    SessionCreateInputSerializer,
    SessionFilterSerializer,
    SessionTransitionInputSerializer,
    SessionUpdateInputSerializer,
    VoteAnnulInputSerializer,
    VoteOpenInputSerializer,
)
from assemblies.api.serializers import (
    AgendaItemSerializer,
    AttendanceSerializer,
    BallotSerializer,
    DeliberationSerializer,
    ProxySerializer,
    PublicActSerializer,
    QuorumSerializer,
    SessionDetailSerializer,
    SessionSerializer,
    VoteSerializer,
)
from assemblies.models import (
    AgendaItem,
    Deliberation,
    Participation,
    Secrecy,
    Session,
    SessionStatus,
    Vote,
    VoteTally,
)
from core.api.base import RegistryViewSet, create_schema, errors, update_schema

S = SessionStatus


@extend_schema(tags=["assemblies"])
@extend_schema_view(
    list=extend_schema(
        summary=_("Sedute degli organi visibili"),
        parameters=[SessionFilterSerializer],
        responses={200: SessionSerializer, **errors(400, 401, 404)},
    ),
    retrieve=extend_schema(
        summary=_("Una seduta con l'ordine del giorno"),
        responses={200: SessionDetailSerializer, **errors(401, 404)},
    ),
    create=create_schema(
        SessionCreateInputSerializer, SessionDetailSerializer, summary=_("Prepara una seduta")
    ),
    partial_update=update_schema(
        SessionUpdateInputSerializer, SessionDetailSerializer, summary=_("Modifica una seduta")
    ),
    transition=action_schema(
        SessionTransitionInputSerializer,
        SessionDetailSerializer,
        _("Convoca, apri, chiudi o annulla la seduta"),
        description=_(
            "programmata → convocata → aperta → chiusa, oppure annullata (con `reason`). Un passaggio non ammesso "
            "è un 400 `transition`; una convocazione con regole da definire o preavviso insufficiente un 400 "
            "`guard`; un'apertura senza numero legale un 400 `quorum`."
        ),
    ),
)
class SessionViewSet(RegistryViewSet[Session]):
    """Sedute (programmate, convocate, in corso, concluse, annullate) degli organi che l'utente può vedere."""

    queryset = Session.objects.none()
    serializer_class = SessionSerializer
    detail_serializer_class = SessionDetailSerializer
    filter_serializer_class = SessionFilterSerializer
    ordering_fields = ["starts_at", "status", "title"]

    def select(self, **filters: Any) -> QuerySet[Session]:
        return selectors.session_list(user=self.request.user, **filters)

    def select_one(self, pk: int) -> Session:
        session = selectors.session_for(user=self.request.user, pk=pk)
        session.agenda = selectors.agenda(session)  # type: ignore[attr-defined]
        return session

    def session(self) -> Session:
        return selectors.session_for(user=self.request.user, pk=self.url_pk())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = self.validated(SessionCreateInputSerializer)
        organ = fields.pop("organ")
        selectors.organ_for(user=request.user, pk=organ.pk)  # 404 unless visible
        with service_errors():
            session = services.session_create(
                actor=request.user, organ=organ, starts_at=fields.pop("starts_at"), **fields
            )
        return self.written(session, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.session()
        changes = self.validated(SessionUpdateInputSerializer, partial=True)
        with service_errors():
            services.session_update(actor=request.user, session=session, **changes)
        return self.written(session)

    @action(detail=True, methods=["post"])
    def transition(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.session()
        fields = self.validated(SessionTransitionInputSerializer)
        with service_errors("to"):
            services.session_transition(
                actor=request.user, session=session, to=fields["to"], reason=fields.get("reason", "")
            )
        return self.written(session)

    # -- the agenda --

    @extend_schema(
        methods=["GET"],
        summary=_("L'ordine del giorno"),
        responses={200: AgendaItemSerializer(many=True), **errors(401, 404)},
    )
    @extend_schema(
        methods=["POST"],
        summary=_("Aggiunge un punto all'ordine del giorno"),
        request=AgendaItemInputSerializer,
        responses={201: AgendaItemSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def agenda(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.session()
        if request.method == "GET":
            return Response(AgendaItemSerializer(selectors.agenda(session), many=True).data)
        fields = self.validated(AgendaItemInputSerializer)
        with service_errors():
            item = services.item_add(
                actor=request.user,
                session=session,
                title=fields.pop("title"),
                subject=fields.pop("subject"),
                **fields,
            )
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    # -- attendance, proxies, quorum --

    @extend_schema(
        methods=["GET"],
        summary=_("Arrivi e uscite"),
        responses={200: AttendanceSerializer(many=True), **errors(401, 404)},
    )
    @extend_schema(
        methods=["POST"],
        summary=_("Registra un arrivo (segreteria, o il componente dove l'organo lo ammette)"),
        request=CheckInInputSerializer,
        responses={201: AttendanceSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def attendance(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.session()
        if request.method == "GET":
            return Response(AttendanceSerializer(selectors.attendance(session), many=True).data)
        fields = self.validated(CheckInInputSerializer)
        with service_errors():
            stay = services.check_in(actor=request.user, session=session, **fields)
        return Response(AttendanceSerializer(stay).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Registra l'uscita"),
        request=None,
        responses={200: AttendanceSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"], url_path=r"attendance/(?P<attendance_pk>[0-9]+)/check-out")
    def check_out(self, request: Request, *args: Any, attendance_pk: str, **kwargs: Any) -> Response:
        session = self.session()
        stay = get_object_or_404(session.attendances.all(), pk=int(attendance_pk))
        with service_errors():
            services.check_out(actor=request.user, attendance=stay)
        return Response(AttendanceSerializer(stay).data)

    @extend_schema(
        methods=["GET"], summary=_("Deleghe"), responses={200: ProxySerializer(many=True), **errors(401, 404)}
    )
    @extend_schema(
        methods=["POST"],
        summary=_("Registra una delega ad altro componente"),
        request=ProxyInputSerializer,
        responses={201: ProxySerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def proxies(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.session()
        if request.method == "GET":
            return Response(ProxySerializer(selectors.proxies(session), many=True).data)
        fields = self.validated(ProxyInputSerializer)
        with service_errors():
            proxy = services.proxy_grant(actor=request.user, session=session, **fields)
        return Response(ProxySerializer(proxy).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary=_("Il numero legale ora"), responses={200: QuorumSerializer, **errors(401, 404)})
    @action(detail=True, methods=["get"])
    def quorum(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.session()
        view = selectors.quorum(session, selectors.organ_rules(session.organ))
        standing = view.standing
        return Response(
            QuorumSerializer(
                {
                    "call": view.call,
                    "holds": view.holds,
                    "rule": view.rule_label,
                    "members": len(standing.members),
                    "present": len(standing.present),
                    "members_weight": standing.members_weight,
                    "present_weight": standing.present_weight,
                    "problem": standing.weight_problem,
                }
            ).data
        )

    # -- votes --

    @extend_schema(
        methods=["GET"],
        summary=_("Le votazioni della seduta"),
        responses={200: VoteSerializer(many=True), **errors(401, 404)},
    )
    @extend_schema(
        methods=["POST"],
        summary=_("Apre la votazione su un punto (presidente o Ufficio di Piano)"),
        request=VoteOpenInputSerializer,
        responses={201: VoteSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def votes(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.session()
        if request.method == "GET":
            return Response(
                VoteSerializer(vote_rows(Vote.objects.filter(item__session=session)), many=True).data
            )
        fields = self.validated(VoteOpenInputSerializer)
        item = get_object_or_404(AgendaItem.objects.filter(session=session), pk=fields["item"])
        with service_errors():
            vote = services.vote_open(
                actor=request.user, item=item, secrecy=fields.get("secrecy", Secrecy.OPEN)
            )
        return Response(
            VoteSerializer(vote_rows(Vote.objects.filter(pk=vote.pk)).get()).data,
            status=status.HTTP_201_CREATED,
        )


def vote_rows(votes: QuerySet[Vote]) -> QuerySet[Vote]:
    return (
        votes.annotate(cast_count=Count("participations"))
        .prefetch_related(Prefetch("tallies", queryset=VoteTally.objects.order_by("choice")))
        .order_by("item__position", "round")
    )


@extend_schema(tags=["assemblies"])
@extend_schema_view(
    list=extend_schema(
        summary=_("Votazioni visibili"), responses={200: VoteSerializer, **errors(400, 401, 404)}
    ),
    retrieve=extend_schema(
        summary=_("Una votazione: voti espressi finora; esito e somme alla chiusura"),
        responses={200: VoteSerializer, **errors(401, 404)},
    ),
    close=action_schema(None, VoteSerializer, _("Chiude e conta (una seconda chiusura non cambia nulla)")),
    annul=action_schema(VoteAnnulInputSerializer, VoteSerializer, _("Annulla una votazione aperta")),
)
class VoteViewSet(RegistryViewSet[Vote]):
    """Votazioni: aperte, chiuse (con esito e deliberazione) o annullate."""

    queryset = Vote.objects.none()
    serializer_class = VoteSerializer
    ordering_fields = ["opened_at"]

    def select(self, **filters: Any) -> QuerySet[Vote]:
        return vote_rows(Vote.objects.filter(item__session__in=rules.visible_sessions(self.request.user)))

    def may_change(self, obj: Vote) -> bool:
        return rules.may_conduct(self.request.user, obj.item.session)

    def vote(self) -> Vote:
        return get_object_or_404(self.select().select_related("item__session__organ"), pk=self.url_pk())

    @action(detail=True, methods=["post"])
    def close(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        vote = self.vote()
        with service_errors():
            services.vote_close(actor=request.user, vote=vote)
        return Response(VoteSerializer(self.select().get(pk=vote.pk)).data)

    @action(detail=True, methods=["post"])
    def annul(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        vote = self.vote()
        fields = self.validated(VoteAnnulInputSerializer)
        with service_errors("reason"):
            services.vote_annul(actor=request.user, vote=vote, reason=fields["reason"])
        return Response(VoteSerializer(self.select().get(pk=vote.pk)).data)

    @extend_schema(
        methods=["GET"],
        summary=_("Chi ha votato (e come, per un voto palese chiuso)"),
        responses={200: BallotSerializer(many=True), **errors(401, 404)},
    )
    @extend_schema(
        methods=["POST"],
        summary=_("Esprime un voto (lo stesso servizio della pagina per il telefono)"),
        description=_(
            "Per il proprio ente o per l'ente di cui si porta la delega. Un secondo voto dello stesso ente è un 400 "
            "`duplicate`; un voto arrivato dopo la chiusura un 400 `late`; un ente non presente all'apertura un 400 "
            "`not_entitled`."
        ),
        request=BallotInputSerializer,
        responses={201: BallotSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def ballots(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        vote = self.vote()
        if request.method == "POST":
            fields = self.validated(BallotInputSerializer)
            with service_errors():
                cast = services.ballot_cast(
                    actor=request.user, vote=vote, voter=fields["voter"], choice=fields["choice"]
                )
            return Response(BallotSerializer(cast).data, status=status.HTTP_201_CREATED)
        rows = list(Participation.objects.filter(vote=vote).select_related("voter").order_by("voter__name"))
        choices = {p.pk: p.ballot.choice for p in selectors.named_ballots(vote)}
        return Response(BallotSerializer(rows, many=True, context={"choices": choices}).data)


@extend_schema(tags=["assemblies"])
@extend_schema_view(
    list=extend_schema(
        summary=_("Deliberazioni degli organi visibili"),
        responses={200: DeliberationSerializer, **errors(400, 401, 404)},
    ),
    retrieve=extend_schema(
        summary=_("Una deliberazione"), responses={200: DeliberationSerializer, **errors(401, 404)}
    ),
    publish=action_schema(
        PublishInputSerializer,
        PublicActSerializer,
        _("Pubblica all'albo la copia con omissis (deliberazioni approvate)"),
        status_code=201,
    ),
)
class DeliberationViewSet(RegistryViewSet[Deliberation]):
    """Deliberazioni numerate per organo e anno (n. 12/2026), con testo, esito, voti ed effetti."""

    http_method_names = ["get", "post", "head", "options"]
    queryset = Deliberation.objects.none()
    serializer_class = DeliberationSerializer
    ordering_fields = ["year", "number", "adopted_on"]

    def select(self, **filters: Any) -> QuerySet[Deliberation]:
        return selectors.deliberation_list(user=self.request.user)

    def may_change(self, obj: Deliberation) -> bool:
        return rules.may_publish(self.request.user, obj.organ)

    @action(detail=True, methods=["post"])
    def publish(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        deliberation = get_object_or_404(self.select(), pk=self.url_pk())
        if not rules.may_publish(request.user, deliberation.organ):
            raise PermissionDenied(_("Gli atti li pubblica l'Ufficio di Piano che gestisce l'organo."))
        fields = self.validated(PublishInputSerializer)
        with service_errors("names"):
            act = services.publish_deliberation(
                actor=request.user, deliberation=deliberation, names=fields.get("names", "")
            )
        return Response(
            PublicActSerializer(act, context={"today": timezone.localdate()}).data,
            status=status.HTTP_201_CREATED,
        )
