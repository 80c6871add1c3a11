from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubambitiConfig(AppConfig):
    name = "subambiti"
    verbose_name = _("Sub-ambiti")
