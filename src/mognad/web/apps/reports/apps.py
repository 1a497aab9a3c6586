from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "mognad.web.apps.reports"
    label = "reports"
