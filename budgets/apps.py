from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    """The ambito's budget (Fondo Unico Distrettuale, Piano Operativo lines, the comuni's F.SOL contributions,
    versions and the annual report) and the sub-ambiti's flat-rate quotas."""

    name = "budgets"
    verbose_name = _("Bilanci")

    def ready(self) -> None:
        from budgets.panels import ambito_budgets, subambito_quotas
        from core.panels import Panel, register_panel
        from governance.models import Ambito
        from subambiti.models import SubAmbito

        register_panel(Panel(Ambito, "budgets/panels/ambito_budgets.html", ambito_budgets, order=55))
        register_panel(Panel(SubAmbito, "budgets/panels/subambito_quotas.html", subambito_quotas, order=55))
