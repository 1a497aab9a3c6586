"""URLs of the rounds app."""

from django.urls import URLPattern, URLResolver, path

from mognad.web.apps.rounds import views

app_name = "rounds"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.round_list, name="list"),
    path("new/", views.new, name="new"),
    path("<int:round_id>/", views.detail, name="detail"),
    path("<int:round_id>/edit/", views.edit, name="edit"),
    path("<int:round_id>/open/", views.open_round, name="open"),
    path("<int:round_id>/close/", views.close_round, name="close"),
    path("<int:round_id>/invite/", views.invite, name="invite"),
    path("<int:round_id>/remind/", views.remind, name="remind"),
]
