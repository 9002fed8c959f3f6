from django.urls import path

from sinergi.interventions import evidence_views, file_views, indicator_views, views
from sinergi.partners.urls import RowIdConverter  # noqa: F401 - registers "rowid"

app_name = "interventions"
urlpatterns = [
    path("", views.intervention_directory, name="list"),
    path("peta.geojson", views.intervention_geojson, name="geojson"),
    path("3w-hxl.csv", file_views.hxl_export, name="hxl"),
    path("saya/", views.my_organisation_page, name="mine"),
    path("tinjauan/", views.review_queue_page, name="queue"),
    path("<rowid:intervention_id>/", views.intervention_detail, name="detail"),
    path("<rowid:intervention_id>/ubah/", views.intervention_update_page, name="update"),
    path("<rowid:intervention_id>/laporan/", views.report_start, name="report-start"),
    path(
        "<rowid:intervention_id>/indikator/tambah/",
        indicator_views.indicator_add,
        name="indicator-add",
    ),
    path(
        "<rowid:intervention_id>/indikator/baru/",
        indicator_views.indicator_create,
        name="indicator-create",
    ),
    path(
        "<rowid:intervention_id>/indikator/<rowid:tracked_id>/ubah/",
        indicator_views.indicator_update,
        name="indicator-update",
    ),
    path(
        "<rowid:intervention_id>/indikator/<rowid:tracked_id>/hapus/",
        indicator_views.indicator_remove,
        name="indicator-delete",
    ),
    path("laporan/<rowid:report_id>/", views.report_page, name="report"),
    path(
        "laporan/<rowid:report_id>/bukti/",
        evidence_views.evidence_upload,
        name="evidence-create",
    ),
    path(
        "laporan/<rowid:report_id>/bukti/<rowid:evidence_id>/",
        evidence_views.evidence_download,
        name="evidence",
    ),
    path(
        "laporan/<rowid:report_id>/bukti/<rowid:evidence_id>/hapus/",
        evidence_views.evidence_remove,
        name="evidence-delete",
    ),
    path(
        "laporan/<rowid:report_id>/<str:step>/",
        views.report_review,
        name="report-review",
    ),
    path("mitra/<rowid:organisation_id>/baru/", views.intervention_create_page, name="create"),
    path(
        "mitra/<rowid:organisation_id>/templat.<str:fmt>",
        file_views.organisation_template,
        name="template",
    ),
    path(
        "mitra/<rowid:organisation_id>/iati.xml",
        file_views.organisation_iati_file,
        name="iati",
    ),
    path(
        "mitra/<rowid:organisation_id>/laporan.pdf",
        file_views.organisation_report_file,
        name="report-pdf",
    ),
    path(
        "mitra/<rowid:organisation_id>/unggah/",
        file_views.organisation_upload,
        name="upload",
    ),
]
