"""URLs of the results app."""

from django.urls import URLPattern, URLResolver, path

from mognad.web.apps.results import exports, sections, views

app_name = "results"
urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:round_id>/", views.round_results, name="round"),
    path("<int:round_id>/gaps/", sections.gaps, name="gaps"),
    path("<int:round_id>/progress/", sections.trend, name="progress"),
    path("<int:round_id>/benchmark/", sections.peers, name="benchmark"),
    path("<int:round_id>/say-do/", sections.say_do_grid, name="saydo"),
    path("<int:round_id>/open-answers/", sections.open_text, name="themes"),
    path("<int:round_id>/export/responses.csv", exports.export_csv, name="export-csv"),
    path("<int:round_id>/export/responses.xlsx", exports.export_xlsx, name="export-xlsx"),
    path("<int:round_id>/export/responses.json", exports.export_json, name="export-json"),
    path("<int:round_id>/export/codebook.csv", exports.export_codebook, name="export-codebook"),
]
