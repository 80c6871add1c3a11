from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoprogettazioneConfig(AppConfig):
    """Co-design procedures with third-sector bodies (seed 004): procedures, their steps and acts, the
    co-programming before them, programmes and their contributions; partners and expense reports follow."""

    name = "coprogettazione"
    verbose_name = _("Co-progettazione")
