from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "mognad.web.apps.actions"
    label = "actions"
