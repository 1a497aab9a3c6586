"""URLs of the library app."""

from django.urls import URLPattern, URLResolver, path

from mognad.web.apps.library import drafts, editor, imports, published, translation, views

app_name = "library"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.library_list, name="list"),
    path("drafts/<int:instrument_draft>/", drafts.draft_page, name="draft"),
    path("drafts/<int:instrument_draft>/instrument.yaml", drafts.download, name="download"),
    path("drafts/<int:instrument_draft>/upload/", drafts.upload, name="upload"),
    path("drafts/<int:instrument_draft>/preview/", views.draft_preview, name="draft_preview"),
    path("drafts/<int:instrument_draft>/delete/", drafts.delete, name="delete"),
    path("drafts/<int:instrument_draft>/edit/", editor.edit_element, name="edit"),
    path("drafts/<int:instrument_draft>/edit/<path:at>/", editor.edit_element, name="edit_at"),
    path("drafts/<int:instrument_draft>/live-preview/", editor.live_preview, name="live_preview"),
    path("drafts/<int:instrument_draft>/translate/", translation.translate_view, name="translate"),
    path("drafts/<int:instrument_draft>/languages/", translation.languages_view, name="languages"),
    path(
        "drafts/<int:instrument_draft>/strings.xlsx",
        translation.export_view,
        name="translations_xlsx",
    ),
    path(
        "drafts/<int:instrument_draft>/strings/",
        translation.import_view,
        name="translations_import",
    ),
    path("drafts/<int:instrument_draft>/publish/", published.publish, name="publish"),
    path("diff/", published.diff_page, name="diff"),
    path("import/", imports.upload, name="import"),
    path("import/confirm/", imports.confirm, name="import_confirm"),
    path("<str:instrument_id>/", views.preview, name="preview"),
    path("<str:instrument_id>/<str:version>/", published.version_page, name="version"),
    path("<str:instrument_id>/<str:version>/preview/", views.preview, name="version_preview"),
    path("<str:instrument_id>/<str:version>/fork/", drafts.fork, name="fork"),
    path("<str:instrument_id>/<str:version>/share/", published.share, name="share"),
]
