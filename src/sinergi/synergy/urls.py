from __future__ import annotations

from django.urls import URLPattern, path

from sinergi.synergy import views

app_name = "synergy"
urlpatterns: list[URLPattern] = [
    path("", views.dashboard, name="dashboard"),
]
