"""The Django web layer: one settings module, URLs, apps, templates and static files."""
