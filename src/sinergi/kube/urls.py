from django.urls import path

from sinergi.kube import mentor_views, views

app_name = "kube"
urlpatterns = [
    path("", views.group_directory, name="groups"),
    path("peta.geojson", views.group_geojson, name="geojson"),
    path("kelompok/baru/", views.group_create_page, name="group-create"),
    path("kelompok/<int:group_id>/", views.group_profile, name="group"),
    path("kelompok/<int:group_id>/ubah/", views.group_edit_page, name="group-edit"),
    path("kelompok/<int:group_id>/anggota/", views.group_members, name="members"),
    path(
        "kelompok/<int:group_id>/anggota/<int:member_id>/hapus/",
        views.member_remove,
        name="member-remove",
    ),
    path("kelompok/<int:group_id>/penilaian/", views.assessment_page, name="assess"),
    path("kelompok/<int:group_id>/modal/", views.capital_page, name="capital"),
    path(
        "kelompok/<int:group_id>/modal/<int:grant_id>/kegiatan/",
        views.grant_intervention,
        name="grant-intervention",
    ),
    path("impor/", views.import_page, name="import"),
    path("mentor/", mentor_views.mentor_directory, name="mentors"),
    path("mentor/<int:mentor_id>/", mentor_views.mentor_page, name="mentor"),
    path("penugasan/<int:assignment_id>/sesi/", mentor_views.session_new, name="session-new"),
    path(
        "penugasan/<int:assignment_id>/keputusan/",
        mentor_views.assignment_decide,
        name="decide",
    ),
    path("pencocokan/", mentor_views.matching_page, name="matching"),
    path("dasbor/", mentor_views.dashboard_page, name="dashboard"),
]
