from django.urls import path

from alliance.screening import views

app_name = "screening"

urlpatterns = [
    path("secretariat/screening/", views.home, name="home"),
    path("secretariat/screening/alerts/<int:pk>/", views.alert_detail, name="alert"),
    path("screening/results/<int:pk>/decide/", views.result_decide, name="decide"),
    path(
        "screening/organisations/<int:pk>/screen/",
        views.organisation_screen,
        name="screen_organisation",
    ),
]
