"""Input and output schemas of the synergy endpoints."""

from __future__ import annotations
