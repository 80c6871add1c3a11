from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssembliesConfig(AppConfig):
    """Organ rules, sessions, attendance, votes and deliberations: at the top of the import order, since an
    assembly decides things that live in the apps below it (docs/assemblies.md)."""

    name = "assemblies"
    verbose_name = _("Assemblee")

    def ready(self) -> None:
        from assemblies import convocations, minutes, publication
        from assemblies.panels import ambito_panel, organ_panel, organization_sessions
        from core.panels import Panel, register_panel
        from governance.models import Ambito, Organ, Organization

        register_panel(Panel(Organ, "assemblies/panels/organ_assembly.html", organ_panel, order=50))
        register_panel(
            Panel(
                Organization, "assemblies/panels/organization_sessions.html", organization_sessions, order=40
            )
        )
        register_panel(Panel(Ambito, "assemblies/panels/ambito_board.html", ambito_panel, order=60))
        convocations.register()
        minutes.register()
        publication.register()
