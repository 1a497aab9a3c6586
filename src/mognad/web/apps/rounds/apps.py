from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "mognad.web.apps.rounds"
    label = "rounds"
