"""Pure rules: standard library only (tests/test_architecture.py enforces it)."""
