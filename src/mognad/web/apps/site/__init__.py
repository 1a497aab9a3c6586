"""The public pages every visitor sees, and the health check."""
