"""Synergy writes: every change to a synergy record goes through a function here."""

from __future__ import annotations
