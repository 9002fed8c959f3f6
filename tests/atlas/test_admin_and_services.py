"""Admin-site edits go through services: thresholds and weights change what is served."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from sinergi.atlas.models import DataVersion, Indicator, NeedIndexWeight
from sinergi.atlas.services import indicator_settings_update, need_index_weight_set
from sinergi.core.models import AuditEvent, User

pytestmark = pytest.mark.usefixtures("stats")


def version() -> int:
    return DataVersion.objects.get(pk=1).number


def test_a_threshold_change_is_audited_and_moves_the_data_version(nadia: User) -> None:
    before = version()
    indicator = Indicator.objects.get(key="ODHA")
    indicator_settings_update(
        indicator=indicator, suppress_below=25, published=True, updated_by=nadia
    )
    assert Indicator.objects.get(key="ODHA").suppress_below == 25
    assert version() == before + 1
    assert AuditEvent.objects.filter(action="atlas.indicator.settings", target_id="ODHA").exists()
    with pytest.raises(ValidationError):
        indicator_settings_update(
            indicator=indicator, suppress_below=-1, published=True, updated_by=nadia
        )


def test_one_weight_at_a_time_from_the_admin_site(nadia: User, client: Client) -> None:
    gini = Indicator.objects.get(key="gini")
    need_index_weight_set(indicator=gini, weight=0, updated_by=nadia)
    assert not NeedIndexWeight.objects.filter(indicator=gini).exists()
    components = client.get("/api/v1/atlas/need-index/weights").json()["components"]
    assert "gini" not in {c["key"] for c in components}
    need_index_weight_set(indicator=gini, weight=0.2, updated_by=nadia)
    assert NeedIndexWeight.objects.get(indicator=gini).weight == 0.2


def test_the_admin_pages_open(admin_client: Any) -> None:
    for url in (
        "/admin/atlas/indicator/",
        "/admin/atlas/indicator/" + str(Indicator.objects.get(key="FM").pk) + "/change/",
        "/admin/atlas/importbatch/",
        "/admin/atlas/series/",
        "/admin/atlas/needindexweight/",
        "/admin/atlas/source/",
    ):
        assert admin_client.get(url).status_code == 200, url


def test_saving_a_threshold_in_the_admin_site_uses_the_service(admin_client: Any) -> None:
    indicator = Indicator.objects.get(key="AT")
    before = version()
    response = admin_client.post(
        f"/admin/atlas/indicator/{indicator.pk}/change/",
        {"suppress_below": "15", "published": "on"},
    )
    assert response.status_code == 302
    assert Indicator.objects.get(key="AT").suppress_below == 15
    assert version() > before
