from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    """The territorial profile (seed 001 art. 2, 5): population by age and sex per comune and year, indicators from
    other sources, their aggregation per sub-ambito, ambito, province and region, indices and maps."""

    name = "territory"
    verbose_name = _("Profilo territoriale")
