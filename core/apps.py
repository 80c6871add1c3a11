from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The plumbing every app uses, below the registry: view and API bases, the error format, the audit trail,
    period models, the panel registry and the object-permission questions. No domain rows."""

    name = "core"
    verbose_name = _("Fondamenta")
