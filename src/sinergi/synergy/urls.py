from __future__ import annotations

from django.urls import URLPattern, path

from sinergi.partners.urls import RowIdConverter  # noqa: F401 - registers "rowid"
from sinergi.synergy import etalase_views, plan_views, recommend_views, views

app_name = "synergy"
urlpatterns: list[URLPattern] = [
    path("", views.dashboard, name="dashboard"),
    path("rekomendasi/", recommend_views.recommend_page, name="recommend"),
    path(
        "rekomendasi/organisasi/<rowid:organisation_id>/",
        recommend_views.recommend_organisation_page,
        name="recommend-organisation",
    ),
    path(
        "rekomendasi/wilayah/<str:code>/",
        recommend_views.recommend_region_page,
        name="recommend-region",
    ),
    path("rencana/", plan_views.plan_page, name="plan"),
    path("rencana/janji/", plan_views.plan_pledge, name="plan-pledge"),
    path("rencana/skenario/", plan_views.plan_scenario_create, name="plan-scenario-create"),
    path(
        "rencana/skenario/<rowid:scenario_id>/hapus/",
        plan_views.plan_scenario_delete,
        name="plan-scenario-delete",
    ),
    path(
        "rencana/skenario/<rowid:scenario_id>/rencana.xlsx",
        plan_views.plan_scenario_xlsx,
        name="plan-scenario-xlsx",
    ),
    path("etalase/", etalase_views.etalase_page, name="etalase"),
    path("etalase/baru/", etalase_views.etalase_publish_page, name="etalase-create"),
    path("etalase/<rowid:need_id>/", etalase_views.etalase_detail_page, name="etalase-detail"),
    path("etalase/<rowid:need_id>/tarik/", etalase_views.etalase_withdraw, name="etalase-withdraw"),
]
