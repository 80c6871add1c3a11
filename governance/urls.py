from django.urls import path

from governance.views import ambiti, organizations, organs, persons

app_name = "governance"

urlpatterns = [
    path("enti/", organizations.OrganizationListView.as_view(), name="organization_list"),
    path("enti/<int:pk>/", organizations.OrganizationDetailView.as_view(), name="organization_detail"),
    path(
        "enti/<int:pk>/modifica/", organizations.OrganizationUpdateView.as_view(), name="organization_update"
    ),
    path("enti/<int:pk>/incarichi/nuovo/", organizations.MandateCreateView.as_view(), name="mandate_create"),
    path(
        "enti/<int:pk>/popolazione/nuovo/",
        organizations.PopulationCreateView.as_view(),
        name="population_create",
    ),
    path("ambiti/", ambiti.AmbitoListView.as_view(), name="ambito_list"),
    path("ambiti/<int:pk>/", ambiti.AmbitoDetailView.as_view(), name="ambito_detail"),
    path("ambiti/<int:pk>/modifica/", ambiti.AmbitoUpdateView.as_view(), name="ambito_update"),
    path("ambiti/<int:pk>/comuni/aggiungi/", ambiti.AmbitoMemberAddView.as_view(), name="ambito_member_add"),
    path(
        "ambiti/<int:pk>/comuni/<int:membership_pk>/termina/",
        ambiti.AmbitoMemberEndView.as_view(),
        name="ambito_member_end",
    ),
    path(
        "ambiti/<int:ambito_pk>/enti/nuovo/",
        organizations.OrganizationCreateView.as_view(),
        name="organization_create",
    ),
    path("ambiti/<int:pk>/organi/nuovo/", ambiti.OrganCreateView.as_view(), name="organ_create"),
    path("organi/", organs.OrganListView.as_view(), name="organ_list"),
    path("organi/<int:pk>/", organs.OrganDetailView.as_view(), name="organ_detail"),
    path("organi/<int:pk>/modifica/", organs.OrganUpdateView.as_view(), name="organ_update"),
    path("organi/<int:pk>/componenti/nuovo/", organs.SeatCreateView.as_view(), name="seat_create"),
    path(
        "organi/<int:pk>/componenti/<int:seat_pk>/modifica/",
        organs.SeatUpdateView.as_view(),
        name="seat_update",
    ),
    path("persone/", persons.PersonListView.as_view(), name="person_list"),
    path("persone/<int:pk>/", persons.PersonDetailView.as_view(), name="person_detail"),
    path("persone/<int:pk>/modifica/", persons.PersonUpdateView.as_view(), name="person_update"),
    path("incarichi/<int:pk>/modifica/", persons.MandateUpdateView.as_view(), name="mandate_update"),
]
