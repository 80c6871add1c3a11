from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssembliesConfig(AppConfig):
    """Organ rules, sessions, attendance, votes and deliberations: at the top of the import order, since an
    assembly decides things that live in the apps below it (docs/assemblies.md)."""

    name = "assemblies"
    verbose_name = _("Assemblee")
