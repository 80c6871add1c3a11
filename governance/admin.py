"""Django admin for platform staff. Registry rows are read-only here: edits go through the application's
pages and services, which validate, audit and keep object permissions in sync. Roles are granted and
revoked through the same services."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from core.admin import ReadOnlyAdmin
from governance import models, services


@admin.register(models.Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "istat_code", "cadastral_code", "tax_code", "province")
    list_filter = ("kind", "province__region")
    search_fields = ("name", "istat_code", "cadastral_code", "tax_code")
    list_select_related = ("province",)


@admin.register(models.Ambito)
class AmbitoAdmin(ReadOnlyAdmin):
    list_display = ("name", "capofila", "ente_gestore", "province")
    list_select_related = ("capofila", "ente_gestore", "province")


@admin.register(models.Organ)
class OrganAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "acronym")
    list_filter = ("kind",)
    search_fields = ("name", "acronym")


@admin.register(models.Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("family_name", "given_name", "tax_code")
    search_fields = ("family_name", "given_name", "tax_code")


@admin.register(models.User)
class AppUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "is_active", "is_superuser")


@admin.register(models.RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "organization__name")
    autocomplete_fields = ("organization",)
    list_select_related = ("user", "organization")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a role is granted or revoked, never edited in place

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = services.role_assign(
            actor=request.user, user=obj.user, organization=obj.organization, role=obj.role
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.role_revoke(actor=request.user, assignment=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for assignment in queryset:
            services.role_revoke(actor=request.user, assignment=assignment)
