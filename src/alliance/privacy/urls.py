from django.urls import path

from alliance.privacy import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.notice_page, name="notice"),
    path("privacy/v<int:version>/", views.notice_page, name="notice_version"),
    path("privacy/accept/", views.notice_accept_view, name="accept"),
    path("privacy/my-data/", views.my_data, name="my_data"),
    path("privacy/my-data/export/", views.export_start, name="export_start"),
    path("privacy/my-data/export/<int:pk>/", views.export_status, name="export_status"),
    path(
        "privacy/my-data/export/<int:pk>/download/", views.export_download, name="export_download"
    ),
    path("privacy/my-data/request/", views.request_open, name="request_open"),
    path("privacy/requests/", views.queue, name="queue"),
    path("privacy/requests/<int:pk>/", views.request_detail, name="request"),
    path("privacy/retention/", views.retention_page, name="retention"),
]
