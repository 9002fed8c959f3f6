"""Benchmarks for Sinergi; run them all with ``bash benchmarks/run`` (see README.md)."""
