from django.contrib.auth import views as auth_views
from django.urls import path

from sinergi.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("peta/", views.map_page, name="map"),
    path(
        "akun/masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"
    ),
    path("akun/keluar/", auth_views.LogoutView.as_view(), name="logout"),
]
