"""URLs of the respond app."""

from django.urls import URLPattern, URLResolver

app_name = "respond"
urlpatterns: list[URLPattern | URLResolver] = []
