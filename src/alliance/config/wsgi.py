import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.config.settings")
application = get_wsgi_application()

# Import every view module and the templates' loaders now, while the worker boots,
# rather than in the first visitor's request (issue 19: the first request took seconds).
if os.environ.get("ALLIANCE_WARM_START", "1") != "0":
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the URLconf and all views
    for name in ("web/home.html", "web/register/home.html", "web/dashboard.html"):
        get_template(name)
