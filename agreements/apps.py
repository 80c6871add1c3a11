from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    """Convenzioni, accordi di programma, accordi interambiti, protocolli d'intesa."""

    name = "agreements"
    verbose_name = _("Accordi")

    def ready(self) -> None:
        from agreements.models import Agreement
        from agreements.permissions import agreement_grants
        from governance import permissions

        permissions.register_grant_provider(agreement_grants)
        permissions.register_permission_model(Agreement)
