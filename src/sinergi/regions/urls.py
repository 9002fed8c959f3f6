from django.urls import path

from sinergi.regions import views

app_name = "regions"
urlpatterns = [
    path("<str:code>/", views.region_page, name="region-detail"),
]
