"""URLs of the actions app."""

from django.urls import URLPattern, URLResolver, path

from mognad.web.apps.actions import views

app_name = "actions"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.action_list, name="list"),
    path("new/", views.new, name="new"),
    path("<int:action_id>/", views.edit, name="edit"),
    path("<int:action_id>/status/", views.change_status, name="status"),
]
