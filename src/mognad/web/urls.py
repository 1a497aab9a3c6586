from django.urls import include, path

from mognad.web.apps.site import views as site

# Workspace pages live under /w/<slug>/; respondents' links under /r/ and /i/ carry no
# workspace in the URL, so a link tells nothing about who asks until it is opened.
urlpatterns = [
    path("", site.home, name="home"),
    path("healthz", site.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("mognad.web.apps.accounts.urls")),
    path("w/", include("mognad.web.apps.workspaces.urls")),
    path("w/<slug:slug>/library/", include("mognad.web.apps.library.urls")),
    path("w/<slug:slug>/rounds/", include("mognad.web.apps.rounds.urls")),
    path("w/<slug:slug>/results/", include("mognad.web.apps.results.urls")),
    path("w/<slug:slug>/actions/", include("mognad.web.apps.actions.urls")),
    path("w/<slug:slug>/reports/", include("mognad.web.apps.reports.urls")),
    path("", include("mognad.web.apps.respond.urls")),
]
