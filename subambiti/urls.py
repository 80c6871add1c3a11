from django.urls import path

from subambiti import views

app_name = "subambiti"

urlpatterns = [
    path("sub-ambiti/", views.SubAmbitoListView.as_view(), name="subambito_list"),
    path("sub-ambiti/<int:pk>/", views.SubAmbitoDetailView.as_view(), name="subambito_detail"),
    path("sub-ambiti/<int:pk>/modifica/", views.SubAmbitoUpdateView.as_view(), name="subambito_update"),
    path("sub-ambiti/<int:pk>/comuni/aggiungi/", views.SubAmbitoMemberAddView.as_view(), name="member_add"),
    path(
        "sub-ambiti/<int:pk>/comuni/<int:membership_pk>/termina/",
        views.SubAmbitoMemberEndView.as_view(),
        name="member_end",
    ),
    path("ambiti/<int:pk>/sub-ambiti/nuovo/", views.SubAmbitoCreateView.as_view(), name="subambito_create"),
]
