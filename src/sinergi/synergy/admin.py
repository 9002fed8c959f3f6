"""Admin for synergy records (national admins)."""

from __future__ import annotations
