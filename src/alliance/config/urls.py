from django.contrib import admin
from django.urls import include, path

from alliance.api.urls import api
from alliance.web.extensions import DOMAIN_APPS, domain_module

urlpatterns = [
    # The public pages first: "/" and the register were resolved after every domain
    # app's patterns, a fifth of a cached page's cost (issue 19). No web path overlaps a
    # domain app's (tests/web/test_url_order.py).
    path("", include("alliance.web.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/", api.urls),
    # Each domain app may add its own pages through alliance.<app>.urls (paths from the root).
    *[
        path("", include(f"alliance.{app}.urls"))
        for app in DOMAIN_APPS
        if domain_module(app, "urls")
    ],
]
