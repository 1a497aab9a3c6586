"""URLs of the respond app: a respondent's link and the pages under it.

`r/<token>/` is a group's open link, `i/<token>/` a personal invitation; the pages,
the submission and the reflection live under either (`kind` is `r` or `i`).
"""

from django.urls import URLPattern, URLResolver, path, re_path

from mognad.web.apps.respond import views

app_name = "respond"
urlpatterns: list[URLPattern | URLResolver] = [
    path("r/<str:token>/", views.welcome, name="welcome"),
    path("i/<str:token>/", views.invitation, name="invitation"),
    re_path(
        r"^(?P<kind>[ri])/(?P<token>[^/]+)/p/(?P<number>[0-9]{1,4})/$", views.page, name="page"
    ),
    re_path(r"^(?P<kind>[ri])/(?P<token>[^/]+)/submit/$", views.submit, name="submit"),
    re_path(r"^(?P<kind>[ri])/(?P<token>[^/]+)/done/$", views.done, name="done"),
]
