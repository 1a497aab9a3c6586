"""URLs of the results app."""

from django.urls import URLPattern, URLResolver, path

from mognad.web.apps.results import sections, views

app_name = "results"
urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:round_id>/", views.round_results, name="round"),
    path("<int:round_id>/gaps/", sections.gaps, name="gaps"),
    path("<int:round_id>/progress/", sections.trend, name="progress"),
    path("<int:round_id>/benchmark/", sections.peers, name="benchmark"),
    path("<int:round_id>/say-do/", sections.say_do_grid, name="saydo"),
    path("<int:round_id>/open-answers/", sections.open_text, name="themes"),
]
