"""Benchmarks that print numbers (not timed tests). Run: ``python -m bench <name>``."""
