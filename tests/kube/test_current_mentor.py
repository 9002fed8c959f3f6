"""One definition of "the group's mentor" (``selectors.current_assignment_of``: the active
assignment) on every surface: the group page, the group table, the mentor's page and the API."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sinergi.core.models import User
from sinergi.kube.mentoring import assignment_accept, assignment_end, matching_propose
from sinergi.kube.models import Group, Mentor
from tests.kube.factories import group, mentor

pytestmark = pytest.mark.django_db


def _surfaces(client: Any, kube: Group, who: Mentor) -> dict[str, Any]:
    page = client.get(reverse("kube:group", args=[kube.pk])).content.decode()
    table = client.get(reverse("kube:groups")).content.decode()
    row = re.search(rf'href="/[^"]*/{kube.pk}/">{kube.name}</a>.*?</tr>', table, re.S)
    mentor_page = client.get(reverse("kube:mentor", args=[who.pk])).content.decode()
    mentored = re.search(
        r'<section aria-labelledby="mentored-title".*?</section>', mentor_page, re.S
    )
    api = client.get(f"/api/v1/kube/groups/{kube.pk}").json()
    listed = client.get("/api/v1/kube/groups").json()["items"]
    assert row and mentored
    return {
        "page": re.search(r'id="group-mentor">(.*?)</p>', page, re.S).group(1),  # type: ignore[union-attr]
        "row": row.group(0),
        "mentor_page": mentored.group(0),
        "api": api["mentor_name"],
        "api_list": next(g["mentor_name"] for g in listed if g["id"] == kube.pk),
    }


def test_every_surface_names_the_same_mentor(rahmat: User, client_for: Any) -> None:
    kube = group(name="KUBE Melati")
    sari = mentor(name="Ibu Sari")
    client = client_for(rahmat)

    (proposal,) = matching_propose(actor=None, region_code="32.73")
    seen = _surfaces(client, kube, sari)
    # Proposed is not yet a mentor: nobody claims one.
    assert "Ibu Sari" not in seen["page"] and "Belum ada pendamping" in seen["page"]
    assert "Ibu Sari" not in seen["row"] and seen["api"] is None and seen["api_list"] is None
    assert "KUBE Melati" not in seen["mentor_page"]

    active = assignment_accept(actor=None, assignment=proposal)
    seen = _surfaces(client, kube, sari)
    assert "Ibu Sari" in seen["page"] and "Ibu Sari" in seen["row"]
    assert seen["api"] == seen["api_list"] == "Ibu Sari"
    assert "KUBE Melati" in seen["mentor_page"]

    assignment_end(actor=None, assignment=active, ended_on=timezone.localdate())
    seen = _surfaces(client, kube, sari)
    # Ended is history: the table of assignments keeps it, no surface calls her the mentor.
    assert "Ibu Sari" not in seen["page"] and "Ibu Sari" not in seen["row"]
    assert seen["api"] is None and seen["api_list"] is None
    assert "KUBE Melati" not in seen["mentor_page"]
