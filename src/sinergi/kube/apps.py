from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KubeConfig(AppConfig):
    name = "sinergi.kube"
    label = "kube"
    verbose_name = _("KUBE joint business groups")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Commitments such as "mentor 100 KUBE" compute their progress from our records.
        from sinergi.kube.metrics import kube_mentored
        from sinergi.kube.sections import kube_region_section
        from sinergi.partners.metrics import metric_source_register
        from sinergi.regions.sections import region_section_register

        metric_source_register("kube_mentored", kube_mentored)
        # KUBE counts on the region page, the atlas profile and the map's region panel.
        region_section_register("kube", kube_region_section)
