from django.urls import path

from alliance.diligence import views

app_name = "diligence"

urlpatterns = [
    path("diligence/", views.case_list, name="cases"),
    path("diligence/cases/<int:pk>/", views.case_detail, name="case"),
    path("diligence/cases/<int:pk>/do/<slug:action>/", views.case_action, name="case_action"),
    path("diligence/cases/<int:pk>/board-pack/", views.board_pack, name="board_pack"),
    path("diligence/cases/<int:pk>/board-pack.pdf", views.board_pack_pdf, name="board_pack_pdf"),
    path(
        "diligence/applications/<int:pk>/", views.case_for_application, name="case_for_application"
    ),
    path(
        "diligence/controversies/<int:pk>/status/",
        views.controversy_status,
        name="controversy_status",
    ),
    path("diligence/requests/<int:pk>/answer/", views.request_answer, name="request_answer"),
    path(
        "diligence/requests/<int:pk>/attachment/",
        views.request_attachment,
        name="request_attachment",
    ),
    path("diligence/policies/", views.policies, name="policies"),
    path("diligence/monitoring/", views.monitoring, name="monitoring"),
]
