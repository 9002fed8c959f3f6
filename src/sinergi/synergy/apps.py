from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SynergyConfig(AppConfig):
    name = "sinergi.synergy"
    label = "synergy"
    verbose_name = _("Synergy: coverage, gaps, recommendations and allocation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A change to an intervention updates the cached coverage table in place.
        from sinergi.interventions.listeners import intervention_listener_register
        from sinergi.synergy.snapshot import on_interventions_changed

        intervention_listener_register(on_interventions_changed)
        # …and then the unmet-need table the recommendations and the plan read.
        from sinergi.synergy.needs import on_interventions_changed as needs_changed

        intervention_listener_register(needs_changed)
