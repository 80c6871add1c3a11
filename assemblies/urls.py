from django.urls import path

from assemblies.views import convocations, deliberations, organ_rules, sessions, sitting, voting

app_name = "assemblies"

urlpatterns = [
    path("assemblee/", sessions.SessionListView.as_view(), name="session_list"),
    path(
        "assemblee/organi/<int:organ_pk>/regole/",
        organ_rules.OrganRulesUpdateView.as_view(),
        name="rules_update",
    ),
    path(
        "assemblee/organi/<int:organ_pk>/maggioranze/",
        organ_rules.MajorityUpdateView.as_view(),
        name="majority_update",
    ),
    path(
        "assemblee/organi/<int:organ_pk>/quote/", organ_rules.QuotasUpdateView.as_view(), name="quotas_update"
    ),
    path(
        "assemblee/organi/<int:organ_pk>/sedute/nuova/",
        sessions.SessionCreateView.as_view(),
        name="session_create",
    ),
    path("assemblee/sedute/<int:pk>/", sessions.SessionDetailView.as_view(), name="session_detail"),
    path("assemblee/sedute/<int:pk>/modifica/", sessions.SessionUpdateView.as_view(), name="session_update"),
    path(
        "assemblee/sedute/<int:pk>/stato/<str:to>/",
        sessions.SessionTransitionView.as_view(),
        name="session_transition",
    ),
    path("assemblee/sedute/<int:pk>/punti/nuovo/", sessions.ItemCreateView.as_view(), name="item_create"),
    path(
        "assemblee/sedute/<int:pk>/punti/<int:item_pk>/modifica/",
        sessions.ItemUpdateView.as_view(),
        name="item_update",
    ),
    path(
        "assemblee/sedute/<int:pk>/punti/<int:item_pk>/elimina/",
        sessions.ItemDeleteView.as_view(),
        name="item_delete",
    ),
    path(
        "assemblee/sedute/<int:pk>/punti/<int:item_pk>/sposta/<str:direction>/",
        sessions.ItemMoveView.as_view(),
        name="item_move",
    ),
    path("assemblee/sedute/<int:pk>/presenze/", sitting.AttendanceView.as_view(), name="attendance"),
    path(
        "assemblee/sedute/<int:pk>/presenze/<int:attendance_pk>/uscita/",
        sitting.CheckOutView.as_view(),
        name="check_out",
    ),
    path("assemblee/sedute/<int:pk>/deleghe/nuova/", sitting.ProxyCreateView.as_view(), name="proxy_create"),
    path(
        "assemblee/sedute/<int:pk>/deleghe/<int:proxy_pk>/revoca/",
        sitting.ProxyRevokeView.as_view(),
        name="proxy_revoke",
    ),
    path(
        "assemblee/sedute/<int:pk>/numero-legale/", sitting.QuorumFragmentView.as_view(), name="quorum_live"
    ),
    path("assemblee/sedute/<int:pk>/console/", voting.ConsoleView.as_view(), name="console"),
    path(
        "assemblee/sedute/<int:pk>/console/stato/", voting.ConsoleFragmentView.as_view(), name="console_live"
    ),
    path(
        "assemblee/sedute/<int:pk>/punti/<int:item_pk>/vota/", voting.VoteOpenView.as_view(), name="vote_open"
    ),
    path("assemblee/votazioni/<int:vote_pk>/chiudi/", voting.VoteCloseView.as_view(), name="vote_close"),
    path(
        "assemblee/sedute/<int:pk>/votazioni/<int:vote_pk>/annulla/",
        voting.VoteAnnulView.as_view(),
        name="vote_annul",
    ),
    path("assemblee/sedute/<int:pk>/voto/", voting.PhoneVoteView.as_view(), name="phone"),
    path("assemblee/sedute/<int:pk>/voto/stato/", voting.PhoneFragmentView.as_view(), name="phone_live"),
    path("assemblee/schermo/<str:token>/", voting.RoomScreenView.as_view(), name="screen"),
    path("assemblee/schermo/<str:token>/stato/", voting.RoomScreenFragmentView.as_view(), name="screen_live"),
    path(
        "assemblee/sedute/<int:pk>/convocazione/richiedi/",
        convocations.ConvocationRequestView.as_view(),
        name="convocation_request",
    ),
    path(
        "assemblee/sedute/<int:pk>/convocazione/stato/",
        convocations.ConvocationStatusView.as_view(),
        name="convocation_status",
    ),
    path(
        "assemblee/sedute/<int:pk>/convocazione/<int:convocation_pk>/scarica/",
        convocations.ConvocationDownloadView.as_view(),
        name="convocation_download",
    ),
    path(
        "assemblee/sedute/<int:pk>/convocazione/firma-di-prova/",
        convocations.ConvocationTestSignView.as_view(),
        name="convocation_test_sign",
    ),
    path(
        "assemblee/sedute/<int:pk>/convocazione/carica-firmata/",
        convocations.ConvocationUploadView.as_view(),
        name="convocation_upload",
    ),
    path(
        "assemblee/sedute/<int:pk>/invii/<int:delivery_pk>/",
        convocations.DeliveryMessageView.as_view(),
        name="delivery_message",
    ),
    path(
        "assemblee/organi/<int:organ_pk>/calendario/",
        convocations.FeedCreateView.as_view(),
        name="organ_feed_renew",
    ),
    path("assemblee/calendario-personale/", convocations.FeedCreateView.as_view(), name="person_feed_renew"),
    path("assemblee/calendario/<str:token>.ics", convocations.FeedView.as_view(), name="feed"),
    path("assemblee/deliberazioni/", deliberations.DeliberationListView.as_view(), name="deliberation_list"),
    path(
        "assemblee/deliberazioni/<int:pk>/",
        deliberations.DeliberationDetailView.as_view(),
        name="deliberation_detail",
    ),
]
