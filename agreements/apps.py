from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    """Convenzioni, accordi di programma, accordi interambiti, protocolli d'intesa."""

    name = "agreements"
    verbose_name = _("Accordi")
