from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    """The ambito's budget (Fondo Unico Distrettuale, Piano Operativo lines, the comuni's F.SOL contributions,
    versions and the annual report) and the sub-ambiti's flat-rate quotas."""

    name = "budgets"
    verbose_name = _("Bilanci")
