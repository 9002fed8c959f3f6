"""Synergy records: what the engines need persisted (weights, plans, scenarios, the etalase)."""

from __future__ import annotations
