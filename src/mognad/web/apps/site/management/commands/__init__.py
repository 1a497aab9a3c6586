"""`mognad-manage load_demo` and friends."""
