from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubambitiConfig(AppConfig):
    name = "subambiti"
    verbose_name = _("Sub-ambiti")

    def ready(self) -> None:
        from core.panels import Panel, register_panel
        from governance import permissions
        from governance.models import Ambito, Organization
        from subambiti import selectors
        from subambiti.permissions import GRANT_RULES

        permissions.register_grant_rules(*GRANT_RULES)
        register_panel(
            Panel(
                model=Ambito,
                template_name="subambiti/panels/ambito_subambiti.html",
                context=lambda ambito, user: {
                    "subambiti": selectors.subambiti_of_ambito(user=user, ambito=ambito),
                    "can_add_subambito": permissions.can_manage_ambito(user, ambito),
                    "ambito": ambito,
                },
                order=10,
            )
        )
        register_panel(
            Panel(
                model=Organization,
                template_name="subambiti/panels/organization_subambiti.html",
                context=lambda organization, user: {
                    "subambiti": selectors.subambiti_of_organization(user=user, organization=organization)
                },
                order=10,
            )
        )
