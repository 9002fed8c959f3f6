from django.contrib import admin
from django.urls import include, path

from sinergi.api import api

urlpatterns = [
    path("", include("sinergi.web.urls")),
    path("wilayah/", include("sinergi.regions.urls")),
    path("atlas/", include("sinergi.atlas.urls")),
    path("", include("sinergi.partners.urls")),
    path("kegiatan/", include("sinergi.interventions.urls")),
    path("sinergi/", include("sinergi.synergy.urls")),
    path("pasar/", include("sinergi.kube.market_urls")),
    path("kube/", include("sinergi.kube.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
