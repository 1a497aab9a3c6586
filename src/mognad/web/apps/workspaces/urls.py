"""URLs of the workspaces app, under /w/."""

from django.urls import URLPattern, URLResolver, path

from mognad.web.apps.workspaces import views

app_name = "workspaces"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.workspace_list, name="list"),
    path("invite/<str:token>/", views.accept_invite, name="accept_invite"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/settings/", views.settings_page, name="settings"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/members/<int:member_id>/role/", views.member_role, name="member_role"),
    path("<slug:slug>/members/<int:member_id>/remove/", views.member_remove, name="member_remove"),
    path("<slug:slug>/invites/<int:invite_id>/revoke/", views.invite_revoke, name="invite_revoke"),
]
