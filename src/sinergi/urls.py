from django.contrib import admin
from django.urls import include, path

from sinergi.api import api

urlpatterns = [
    path("", include("sinergi.web.urls")),
    path("wilayah/", include("sinergi.regions.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
