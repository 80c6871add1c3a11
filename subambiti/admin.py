from django.contrib import admin

from governance.admin import ReadOnlyAdmin
from subambiti.models import SubAmbito


@admin.register(SubAmbito)
class SubAmbitoAdmin(ReadOnlyAdmin):
    list_display = ("name", "ambito", "number", "referente", "coordinator")
    list_select_related = ("ambito", "referente", "coordinator")
