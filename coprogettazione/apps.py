from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoprogettazioneConfig(AppConfig):
    """Co-progettazione procedures with third-sector bodies (a later issue)."""

    name = "coprogettazione"
    verbose_name = _("Co-progettazione")
