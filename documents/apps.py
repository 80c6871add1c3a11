from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """PDF rendering, PAdES signing and verification, shared by agreements and minutes (next issue)."""

    name = "documents"
    verbose_name = _("Documenti")
