"""URLs of the reports app."""

from django.urls import URLPattern, URLResolver, path

from mognad.web.apps.reports import views

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:round_id>/", views.report_page, name="request"),
    path("<int:report_id>/status/", views.status, name="status"),
    path("<int:report_id>/download/", views.download, name="download"),
]
