from django.apps import AppConfig


class RespondConfig(AppConfig):
    name = "mognad.web.apps.respond"
    label = "respond"
