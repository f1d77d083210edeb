from typing import Any

from django.templatetags.static import static
from django.urls import path
from django.views.generic.base import RedirectView

from alliance.web import metrics
from alliance.web.views import (
    apply,
    health,
    language,
    opendata,
    public,
    register,
    roles,
    staff,
    translations,
)

app_name = "web"

# The register's open-data files (alliance.web.register.DATASETS), each as JSON and CSV.
OPEN_DATASETS = ("partners", "decisions", "rules", "recommendations", "funding")


class _FaviconRedirect(RedirectView):
    # Resolved per request: at import the hashed-name manifest may not exist yet
    # (``check --deploy`` before ``collectstatic``).
    def get_redirect_url(self, *args: Any, **kwargs: Any) -> str:
        return static("alliance/favicon.svg")


urlpatterns = [
    path("", public.home, name="home"),
    # Browsers ask for /favicon.ico whatever the page links; send them to the icon.
    path(
        "favicon.ico",
        _FaviconRedirect.as_view(permanent=True),
        name="favicon",
    ),
    path("language/", language.set_language, name="set_language"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("register/", register.register_home, name="register"),
    path("register/partners/", register.partners, name="register_partners"),
    path("register/decisions/", register.decisions, name="register_decisions"),
    path("register/rules/", register.rules, name="register_rules"),
    path("register/recommendations/", register.recommendations, name="register_recommendations"),
    path("register/funding/", register.funding, name="register_funding"),
    path("register/data/", register.data_dictionary, name="register_data"),
    *[
        path(
            f"register/{name}.{ext}",
            view,
            {"dataset": name},
            name=f"register_{name}_{ext}",
        )
        for name in OPEN_DATASETS
        for ext, view in (("json", register.open_data_json), ("csv", register.open_data_csv))
    ],
    path("register.json", opendata.register_json, name="register_json"),
    path("register.csv", opendata.register_csv, name="register_csv"),
    path("dashboard/", staff.dashboard, name="dashboard"),
    path("apply/", apply.apply_start, name="apply_start"),
    path("apply/<int:pk>/<slug:step>/", apply.apply_step, name="apply_step"),
    path("applications/<int:pk>/", apply.application_detail, name="application_detail"),
    path(
        "applications/<int:pk>/withdraw/", apply.application_withdraw, name="application_withdraw"
    ),
    path("secretariat/intake/", staff.intake, name="intake"),
    path("secretariat/translations/", translations.translations, name="translations"),
    path(
        "secretariat/translations/<slug:kind>/",
        translations.translation_edit,
        name="translation_edit",
    ),
    path("administration/roles/", roles.roles, name="roles"),
    path("administration/roles/<int:pk>/revoke/", roles.role_revoke, name="role_revoke"),
    path("organisations/<int:pk>/", staff.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/people/", staff.organisation_people, name="organisation_people"),
    # The renewal is a cross-app flow (tier re-checked, credential re-issued): above funding.
    path("funding/partnerships/<int:pk>/renew/", staff.partnership_renew, name="partnership_renew"),
]
