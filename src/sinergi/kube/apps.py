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
        from sinergi.partners.metrics import metric_source_register

        metric_source_register("kube_mentored", kube_mentored)
