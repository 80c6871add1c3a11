"""The questions every app asks about object permissions: django-guardian's group grants, whatever rules put
them there (core/grants.py). A user holds an action on a row through one of their groups; a platform
administrator holds every action; anonymous and inactive users hold none."""

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from guardian.utils import get_group_obj_perms_model

M = TypeVar("M", bound=models.Model)

VIEW = "view"
CHANGE = "change"


def is_platform_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_superuser and user.is_active)


def filter_visible(user: Any, queryset: QuerySet[M], action: str = VIEW) -> QuerySet[M]:
    """Only the rows on which the user holds `action` through one of their role groups."""
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if is_platform_admin(user):
        return queryset
    model = queryset.model
    perm_model: Any = get_group_obj_perms_model(model)  # type: ignore[arg-type]
    granted = perm_model.objects.filter(
        group__user=user,
        permission__codename=f"{action}_{model._meta.model_name}",
        permission__content_type__app_label=model._meta.app_label,
    ).values("content_object_id")
    return queryset.filter(pk__in=granted)


def has_object_permission(user: Any, obj: models.Model, action: str = VIEW) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if is_platform_admin(user):
        return True
    return filter_visible(user, type(obj)._default_manager.filter(pk=obj.pk), action).exists()


def require(user: Any, obj: models.Model, action: str) -> None:
    if not has_object_permission(user, obj, action):
        raise PermissionDenied(_("Non hai i permessi per questa operazione."))
