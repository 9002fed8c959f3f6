import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from sinergi.core.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_home_is_indonesian_by_default_even_for_english_browsers(client: Client) -> None:
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    html = response.content.decode()
    assert response["Content-Language"] == "id"
    assert '<html lang="id">' in html
    assert "Masuk" in html and "83.762" in html  # Indonesian thousands separator


def test_the_language_switch_gives_english_and_remembers_it(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "Sign in" in html and "83,762" in html


def test_the_map_page_loads_only_local_assets(client: Client) -> None:
    html = client.get("/peta/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("leaflet/leaflet.js" in s for s in sources)
    assert all(s.startswith(("/", "#", "?")) for s in sources), sources
    assert 'id="map-strings"' in html


def test_the_map_page_remembers_a_region_from_the_address(client: Client) -> None:
    html = client.get("/peta/?wilayah=32.73").content.decode()
    assert 'data-initial="32.73"' in html


class TestRegionPage:
    def test_it_shows_facts_parents_and_children(self, client: Client) -> None:
        html = client.get("/wilayah/32.73/").content.decode()
        assert "Kota Bandung" in html and "Jawa Barat" in html
        assert "2.591.763" in html  # population, Indonesian formatting
        assert html.count('href="/wilayah/32.73.') == 30  # one link per district

    def test_a_village_page_says_what_is_not_published(self, client: Client) -> None:
        html = client.get("/wilayah/32.73.01.1001/").content.decode()
        assert "tidak diterbitkan pada tingkat ini" in html  # "not published at this level"

    def test_compact_codes_redirect_to_the_canonical_page(self, client: Client) -> None:
        response = client.get("/wilayah/3273/")
        assert response.status_code == 301 and response["Location"] == "/wilayah/32.73/"

    @pytest.mark.parametrize("code", ["99.99", "abc"])
    def test_unknown_or_malformed_codes_are_404(self, client: Client, code: str) -> None:
        assert client.get(f"/wilayah/{code}/").status_code == 404


class TestAccounts:
    def test_sign_in_and_out(self, rahmat: User) -> None:
        client = Client(enforce_csrf_checks=True)
        page = client.get("/akun/masuk/")
        token = page.cookies[settings.CSRF_COOKIE_NAME].value
        response = client.post(
            "/akun/masuk/",
            {"username": "rahmat", "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        assert response.status_code == 302
        home = client.get("/").content.decode()
        assert "Rahmat" in home
        token = client.cookies[settings.CSRF_COOKIE_NAME].value
        client.post("/akun/keluar/", {"csrfmiddlewaretoken": token})
        assert "Rahmat" not in client.get("/").content.decode()

    def test_a_wrong_password_is_refused_with_a_message(self, rahmat: User) -> None:
        response = Client().post("/akun/masuk/", {"username": "rahmat", "password": "nope"})
        assert response.status_code == 200
        assert "tidak cocok" in response.content.decode()

    def test_session_cookies_are_http_only(self, rahmat: User) -> None:
        client = Client()
        client.post("/akun/masuk/", {"username": "rahmat", "password": PASSWORD})
        assert client.cookies[settings.SESSION_COOKIE_NAME]["httponly"]
        assert client.cookies[settings.SESSION_COOKIE_NAME]["samesite"] == "Lax"

    def test_the_admin_site_is_for_staff_only(self, client_for: Any, rahmat: User) -> None:
        assert client_for(rahmat).get("/admin/").status_code == 302
        rahmat.is_staff = True
        rahmat.is_superuser = True
        rahmat.save()
        assert client_for(rahmat).get("/admin/regions/region/?q=bandung").status_code == 200
