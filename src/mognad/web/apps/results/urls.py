"""URLs of the results app."""

from django.urls import URLPattern, URLResolver, path

from mognad.web.apps.results import views

app_name = "results"
urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:round_id>/", views.round_results, name="round"),
]
