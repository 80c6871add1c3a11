from django.urls import path

from assemblies.views import (
    compliance,
    convocations,
    deliberations,
    minutes,
    organ_rules,
    publication,
    sessions,
    sitting,
    voting,
)

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
    path(
        "assemblee/deliberazioni/<int:pk>/pubblica/",
        publication.PublishDeliberationView.as_view(),
        name="publish_deliberation",
    ),
    path("assemblee/sedute/<int:pk>/verbale/", minutes.MinutesView.as_view(), name="minutes"),
    path(
        "assemblee/sedute/<int:pk>/verbale/stato/", minutes.MinutesStatusView.as_view(), name="minutes_status"
    ),
    path(
        "assemblee/sedute/<int:pk>/verbale/revisioni/<int:number>/",
        minutes.RevisionView.as_view(),
        name="minutes_revision",
    ),
    path(
        "assemblee/sedute/<int:pk>/verbale/bozza/riprova/",
        minutes.RetryDraftView.as_view(),
        name="minutes_retry_draft",
    ),
    path(
        "assemblee/sedute/<int:pk>/verbale/bozza/rigenera/",
        minutes.RedraftView.as_view(),
        name="minutes_redraft",
    ),
    path(
        "assemblee/sedute/<int:pk>/verbale/definitivo/",
        minutes.FinalizeView.as_view(),
        name="minutes_finalize",
    ),
    path("assemblee/sedute/<int:pk>/verbale/riapri/", minutes.ReopenView.as_view(), name="minutes_reopen"),
    path(
        "assemblee/sedute/<int:pk>/verbale/pdf/richiedi/",
        minutes.PdfRequestView.as_view(),
        name="minutes_pdf_request",
    ),
    path(
        "assemblee/sedute/<int:pk>/verbale/scarica/", minutes.DownloadView.as_view(), name="minutes_download"
    ),
    path(
        "assemblee/sedute/<int:pk>/verbale/firma-di-prova/",
        minutes.TestSignView.as_view(),
        name="minutes_test_sign",
    ),
    path(
        "assemblee/sedute/<int:pk>/verbale/carica-firmato/",
        minutes.UploadView.as_view(),
        name="minutes_upload",
    ),
    path("assemblee/sedute/<int:pk>/verbale/invia/", minutes.SendView.as_view(), name="minutes_send"),
    path(
        "assemblee/sedute/<int:pk>/verbale/pubblica/",
        publication.PublishMinutesView.as_view(),
        name="publish_minutes",
    ),
    path("assemblee/sedute/<int:pk>/segretario/", minutes.SecretaryView.as_view(), name="secretary"),
    path(
        "assemblee/sedute/<int:pk>/punti/<int:item_pk>/note/",
        minutes.NotesView.as_view(),
        name="item_notes",
    ),
    path(
        "assemblee/adempimenti/ambiti/<int:pk>/",
        compliance.AmbitoBoardView.as_view(),
        name="ambito_board",
    ),
    path(
        "assemblee/adempimenti/organi/<int:organ_pk>/",
        compliance.OrganBoardView.as_view(),
        name="organ_board",
    ),
    path(
        "assemblee/albo/atti/<int:pk>/richiedi/",
        publication.PublicationRequestView.as_view(),
        name="publication_request",
    ),
    path("albo/", publication.BoardIndexView.as_view(), name="public_index"),
    path("albo/organi/<int:organ_pk>/", publication.OrganBoardView.as_view(), name="public_organ"),
    path("albo/organi/<int:organ_pk>/atom/", publication.OrganActsFeed(), name="public_feed"),
    path("albo/atti/<int:pk>/", publication.ActView.as_view(), name="public_act"),
    path("albo/atti/<int:pk>/pdf/", publication.ActPdfView.as_view(), name="public_act_pdf"),
]
