from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SynergyConfig(AppConfig):
    name = "sinergi.synergy"
    label = "synergy"
    verbose_name = _("Synergy: coverage, gaps, recommendations and allocation")
    default_auto_field = "django.db.models.BigAutoField"
