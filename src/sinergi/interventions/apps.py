from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterventionsConfig(AppConfig):
    name = "sinergi.interventions"
    label = "interventions"
    verbose_name = _("Interventions (5W)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The commitment metric "people_reached" is computed from interventions' reached
        # figures from now on (see partners.metrics).
        from sinergi.interventions.links import register_organisation_links
        from sinergi.interventions.metrics import register_metric_sources

        register_metric_sources()
        # The organisation page links to its PDF report and IATI file (see partners.links).
        register_organisation_links()
