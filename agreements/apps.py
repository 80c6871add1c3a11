from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    """Convenzioni, accordi di programma, accordi interambiti, protocolli d'intesa."""

    name = "agreements"
    verbose_name = _("Accordi")

    def ready(self) -> None:
        from agreements import selectors
        from agreements.permissions import GRANT_RULES
        from core.panels import Panel, register_panel
        from governance import permissions
        from governance.models import Organization

        permissions.register_grant_rules(*GRANT_RULES)

        from agreements import documents

        documents.register()

        def organization_agreements(organization: Organization, user: object) -> dict[str, object]:
            rows = selectors.agreements_of_organization(user=user, organization=organization)
            return {"rows": rows, "total_owed": selectors.total_owed(rows), "organization": organization}

        register_panel(
            Panel(
                model=Organization,
                template_name="agreements/panels/organization_agreements.html",
                context=organization_agreements,
                order=20,
            )
        )
