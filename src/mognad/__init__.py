"""Mognad: co-creative maturity assessments."""

__version__ = "0.1.0"
