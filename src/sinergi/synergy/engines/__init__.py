"""Pure synergy engines (coverage, gaps, overlaps, recommendations, allocation): arrays and
frozen dataclasses in, the same out; no Django import (an import-linter contract holds it)."""
