"""REST API v1: the routers of every app (owned by the API work in progress)."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
]
