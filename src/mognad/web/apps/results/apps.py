from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "mognad.web.apps.results"
    label = "results"
