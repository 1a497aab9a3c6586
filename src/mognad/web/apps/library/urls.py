"""URLs of the library app."""

from django.urls import URLPattern, URLResolver, path

from mognad.web.apps.library import drafts, views

app_name = "library"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.library_list, name="list"),
    path("drafts/<int:instrument_draft>/", drafts.draft_page, name="draft"),
    path("drafts/<int:instrument_draft>/instrument.yaml", drafts.download, name="download"),
    path("drafts/<int:instrument_draft>/upload/", drafts.upload, name="upload"),
    path("drafts/<int:instrument_draft>/preview/", views.draft_preview, name="draft_preview"),
    path("drafts/<int:instrument_draft>/delete/", drafts.delete, name="delete"),
    path("<str:instrument_id>/", views.preview, name="preview"),
    path("<str:instrument_id>/<str:version>/", views.preview, name="version"),
    path("<str:instrument_id>/<str:version>/fork/", drafts.fork, name="fork"),
]
