from django.urls import include, path

from mognad.web.apps.site import views as site

urlpatterns = [
    path("", site.home, name="home"),
    path("healthz", site.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
]
