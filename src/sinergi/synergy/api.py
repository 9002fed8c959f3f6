"""Synergy endpoints (``/api/v1/synergy/…``)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["synergy"])
