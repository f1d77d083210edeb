from django.urls import path

from alliance.funding import views

app_name = "funding"

urlpatterns = [
    path("funding/", views.public_funding, name="public"),
    path("funding/dashboard/", views.dashboard, name="dashboard"),
    path("funding/export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("funding/export/<slug:table>.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("funding/pledges/new/", views.pledge_new, name="pledge_new"),
    path("funding/pledges/<int:pk>/", views.pledge_detail, name="pledge"),
    path("funding/pledges/<int:pk>/amend/", views.pledge_amend, name="pledge_amend"),
    path("funding/pledges/<int:pk>/cancel/", views.pledge_cancel, name="pledge_cancel"),
    path("funding/in-kind/new/", views.in_kind_new, name="in_kind_new"),
    path("funding/in-kind/<int:pk>/evidence/", views.in_kind_evidence, name="in_kind_evidence"),
    path("funding/budget/<int:year>/", views.budget_edit, name="budget"),
    path("funding/applications/<int:pk>/confirm-tier/", views.tier_confirm, name="tier_confirm"),
]
