"""What every viewset of the API builds on: `RegistryViewSet` (rows through the selectors, writes through one
service, 404 for a row the user cannot see and 403 for one they cannot change), the change permission, a stable
ordering, and the schema helpers."""

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import JSONParser
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core import permissions
from core.api.serializers import ErrorSerializer

M = TypeVar("M", bound=Model)


def errors(*codes: int) -> dict[int, type[ErrorSerializer]]:
    """Document the structured error body for these status codes."""
    return dict.fromkeys(codes, ErrorSerializer)


def list_schema(serializer: type[serializers.BaseSerializer[Any]], filters: Any = None) -> Any:
    return extend_schema(
        parameters=[filters] if filters is not None else None,
        # 404: a page number past the last page.
        responses={200: serializer, **errors(400, 401, 404)},
    )


def retrieve_schema(serializer: type[serializers.BaseSerializer[Any]]) -> Any:
    return extend_schema(responses={200: serializer, **errors(401, 404)})


def create_schema(request: type[serializers.BaseSerializer[Any]], response: Any, **kwargs: Any) -> Any:
    return extend_schema(request=request, responses={201: response, **errors(400, 401, 403)}, **kwargs)


def update_schema(request: type[serializers.BaseSerializer[Any]], response: Any, **kwargs: Any) -> Any:
    return extend_schema(request=request, responses={200: response, **errors(400, 401, 403, 404)}, **kwargs)


class StableOrderingFilter(OrderingFilter):
    """`?ordering=` on the view's `ordering_fields`, with the primary key as the last tie-breaker so that
    pages never repeat or skip a row. Without `?ordering=` the selector's own order stands."""

    def get_ordering(self, request: Request, queryset: QuerySet[Any], view: APIView) -> list[str] | None:
        ordering = super().get_ordering(request, queryset, view)
        if not ordering:
            return None
        fields = list(ordering)
        if not {"pk", "-pk", "id", "-id"} & set(fields):
            fields.append("pk")
        return fields


class ChangePermission(BasePermission):
    """Writes on an existing row need the CHANGE object permission on the row that governs it."""

    message = _("Non hai i permessi per questa operazione.")

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if isinstance(view, RegistryViewSet):
            return view.may_change(obj)
        return permissions.has_object_permission(request.user, obj, permissions.CHANGE)


# List and retrieve through the selectors; subclasses add `create`, `partial_update` and actions.
# Subclasses set `queryset = Model.objects.none()` only so that the router and the schema know the model:
# rows always come from `select()` / `select_one()`. (Comments, not a docstring: the schema shows a view's
# docstring as the description of its operations, and each subclass has its own.)
class RegistryViewSet(viewsets.GenericViewSet[M]):
    http_method_names = ["get", "post", "patch", "head", "options"]
    parser_classes = [JSONParser]
    permission_classes = [IsAuthenticated, ChangePermission]
    filter_backends = [StableOrderingFilter]
    ordering_fields: list[str] = []
    filter_serializer_class: type[serializers.Serializer[Any]] | None = None
    detail_serializer_class: type[serializers.BaseSerializer[Any]] | None = None

    # -- reads --

    def select(self, **filters: Any) -> QuerySet[M]:
        """The list selector, called with the user and the validated query-string filters."""
        raise NotImplementedError

    def select_one(self, pk: int) -> M:
        """The detail selector (404 when the user may not see the row)."""
        return get_object_or_404(self.select(), pk=pk)

    def permission_target(self, obj: M) -> Model:
        """The row whose CHANGE permission a write on `obj` needs (the service checks the same row)."""
        return obj

    def may_change(self, obj: M) -> bool:
        return permissions.has_object_permission(
            self.request.user, self.permission_target(obj), permissions.CHANGE
        )

    def query_filters(self) -> dict[str, Any]:
        if self.filter_serializer_class is None:
            return {}
        serializer = self.filter_serializer_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return {name: value for name, value in serializer.validated_data.items() if value not in (None, "")}

    def get_queryset(self) -> QuerySet[M]:
        return self.select(**(self.query_filters() if self.action == "list" else {}))

    def url_pk(self) -> int:
        try:
            return int(self.kwargs[self.lookup_url_kwarg or self.lookup_field])
        except (KeyError, TypeError, ValueError):
            raise Http404 from None

    def get_object(self) -> M:
        """The row a write acts on: visible (else 404) and changeable (else 403)."""
        obj = get_object_or_404(self.get_queryset(), pk=self.url_pk())
        self.check_object_permissions(self.request, obj)
        return obj

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action != "list" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return super().get_serializer_class()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.get_serializer(self.select_one(self.url_pk())).data)

    # -- writes --

    def validated(
        self, serializer_class: type[serializers.Serializer[Any]], *, partial: bool = False
    ) -> dict[str, Any]:
        serializer = serializer_class(
            data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def written(self, obj: M, status_code: int = status.HTTP_200_OK) -> Response:
        """Render the row as the detail endpoint shows it, read again through the detail selector."""
        try:
            fresh = self.select_one(obj.pk)
        except Http404:
            fresh = obj  # the write itself took the row out of the user's sight (e.g. a new capofila)
        return Response(self.get_serializer(fresh).data, status=status_code)
