from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "mognad.web.apps.site"
    label = "site"
