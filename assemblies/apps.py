from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssembliesConfig(AppConfig):
    """Organ rules, sessions, attendance, votes and deliberations: at the top of the import order, since an
    assembly decides things that live in the apps below it (docs/assemblies.md)."""

    name = "assemblies"
    verbose_name = _("Assemblee")

    def ready(self) -> None:
        from assemblies.panels import organ_panel
        from core.panels import Panel, register_panel
        from governance.models import Organ

        register_panel(Panel(Organ, "assemblies/panels/organ_assembly.html", organ_panel, order=50))
