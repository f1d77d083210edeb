from django.urls import path

from alliance.groups import views

app_name = "groups"

urlpatterns = [
    path("groups/", views.group_list, name="list"),
    path("groups/recommendations/", views.recommendation_list, name="recommendations"),
    path("groups/recommendations/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path(
        "groups/recommendations/<int:pk>/<slug:what>/",
        views.recommendation_act,
        name="recommendation_act",
    ),
    path("groups/memberships/<int:pk>/decide/", views.membership_decide, name="membership_decide"),
    path("groups/<slug:slug>/", views.group_detail, name="detail"),
    path("groups/<slug:slug>/join/", views.group_join, name="join"),
    path("groups/<slug:slug>/add/<slug:what>/", views.group_add, name="add"),
]
