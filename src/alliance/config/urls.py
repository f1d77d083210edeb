from django.contrib import admin
from django.urls import include, path

from alliance.api.urls import api
from alliance.web.extensions import DOMAIN_APPS, domain_module

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/", api.urls),
    # Each domain app may add its own pages through alliance.<app>.urls (paths from the root).
    *[
        path("", include(f"alliance.{app}.urls"))
        for app in DOMAIN_APPS
        if domain_module(app, "urls")
    ],
    path("", include("alliance.web.urls")),
]
