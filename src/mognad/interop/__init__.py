"""Importers and exporters for other survey formats; framework-free like the core."""
