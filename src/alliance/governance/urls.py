from django.urls import path

from alliance.governance import schedule, views

app_name = "governance"

urlpatterns = [
    path("board/", views.board_home, name="board"),
    path("board/motions/new/", views.motion_new, name="motion_new"),
    path("board/motions/<int:pk>/", views.motion_detail, name="motion"),
    path("board/motions/<int:pk>/vote/", views.motion_vote, name="motion_vote"),
    path("board/motions/<int:pk>/recuse/", views.motion_recuse, name="motion_recuse"),
    path("board/motions/<int:pk>/close/", views.motion_close, name="motion_close"),
    path("board/motions/<int:pk>/withdraw/", views.motion_withdraw, name="motion_withdraw"),
    path("board/motions/<int:pk>/neutrality/", views.motion_neutrality, name="neutrality"),
    path(
        "board/recommendations/<int:pk>/answer/",
        views.recommendation_answer,
        name="recommendation_answer",
    ),
    path("board/conflicts/<int:pk>/", views.conflict_answer, name="conflict_answer"),
    path("board/conflicts/<int:pk>/rule/", views.conflict_rule, name="conflict_rule"),
    path("board/meetings/new/", views.meeting_new, name="meeting_new"),
    path("board/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("board/interests/", views.interests, name="interests"),
    path("board/partnerships/<int:pk>/notice/", views.notice_new, name="notice_new"),
    path("board/notices/<int:pk>/", views.notice_detail, name="notice"),
    path(
        "board/notices/<int:pk>/attachments/<int:attachment>/",
        views.notice_attachment,
        name="notice_attachment",
    ),
    path("governance/rules/", views.rules_public, name="rules"),
    path("governance/decisions/", views.decisions_public, name="decisions"),
    path("notifications/", views.notifications, name="notifications"),
    # The tier schedule's pages (funding's data, adopted by Board motion).
    path("funding/schedule/", schedule.public_schedule, name="tier_schedule"),
    path("funding/schedule/propose/", schedule.schedule_propose, name="tier_schedule_propose"),
]
