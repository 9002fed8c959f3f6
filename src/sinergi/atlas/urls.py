from django.urls import path

from sinergi.atlas import views

app_name = "atlas"
urlpatterns = [
    path("wilayah/<str:code>/", views.region_profile_page, name="region-profile"),
    path("wilayah/<str:code>/pdf/", views.region_profile_pdf, name="region-profile-pdf"),
    path("impor/", views.import_page, name="import"),
    path("impor/<int:batch_id>/", views.import_status_page, name="import-status"),
    path("metode/indeks-kebutuhan/", views.need_index_method, name="need-index-method"),
]
