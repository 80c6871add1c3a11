from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoprogettazioneConfig(AppConfig):
    """Co-design procedures with third-sector bodies (seed 004): procedures, their path and acts, the co-programming
    before them, programmes and their figures, partners and their conventions, expense reports and payments."""

    name = "coprogettazione"
    verbose_name = _("Co-progettazione")

    def ready(self) -> None:
        from budgets.models import Budget
        from coprogettazione.panels import budget_shares_panel, third_sector_panel
        from core.panels import Panel, register_panel
        from governance.models import Organization

        register_panel(
            Panel(Organization, "coprogettazione/panels/third_sector.html", third_sector_panel, order=70)
        )
        register_panel(
            Panel(Budget, "coprogettazione/panels/budget_shares.html", budget_shares_panel, order=70)
        )
