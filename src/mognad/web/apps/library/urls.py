"""URLs of the library app."""

from django.urls import URLPattern, URLResolver, path

from mognad.web.apps.library import views

app_name = "library"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.library_list, name="list"),
    path("<str:instrument_id>/", views.preview, name="preview"),
]
