"""The framework-free core: it never imports Django (tests/test_architecture.py checks)."""
