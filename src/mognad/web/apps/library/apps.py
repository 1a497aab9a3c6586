from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "mognad.web.apps.library"
    label = "library"
