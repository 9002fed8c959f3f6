"""Synergy reads: snapshots for the engines and rows for pages and endpoints."""

from __future__ import annotations
