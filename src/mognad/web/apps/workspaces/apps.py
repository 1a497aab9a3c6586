from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "mognad.web.apps.workspaces"
    label = "workspaces"
