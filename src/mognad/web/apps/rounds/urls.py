"""URLs of the rounds app."""

from django.urls import URLPattern, URLResolver

app_name = "rounds"
urlpatterns: list[URLPattern | URLResolver] = []
