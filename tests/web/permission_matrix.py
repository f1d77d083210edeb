"""The expected permission matrix, in one place (read by test_permission_matrix.py).

Each row: the outcome of a GET for each role, on the viewer's own organisation's objects,
then (after ``|``, for URLs about an organisation) on another organisation's. The roles:
anonymous visitor; applicant (Amani Aid, in due diligence); partner contact (Other Org,
admitted); secretariat; due-diligence reviewer; Board member; Board chair; administrator
(the Roles page, issuer keys and the read-only Django admin); superuser (the operator
account ``alliance createadmin`` makes; it alone sees django-rq's pages). Staff and Board
sessions have completed TOTP.

Outcomes: ``ok`` 200; ``login`` sent to sign in; ``deny`` 403; ``auth`` 401 (API);
``none`` 404 (no such object, or a third-party URL's key that names nothing); ``post``
405 (GET refused: a write reached only by POST); ``bad`` 400 (missing query
parameters); ``redirect`` any other redirect; ``unready`` 503 from /readyz (no worker in
tests); ``any`` not compared: django-rq's pages as the superuser, which answer by whether
Redis is up (CI runs one, a laptop may not); ``-`` no such object for that side (the
applicant has no partnership or credential; the partner has no information request).

A new URL pattern fails the matrix until it has a row here. Admin model URLs share one
row per kind (changelist, add, change, delete, history, redirect) for every registered
model.
"""

from __future__ import annotations

ROLES = (
    "anonymous", "applicant", "partner", "secretariat", "reviewer", "board", "chair",
    "administrator", "superuser",
)  # fmt: skip

EXPECTED: dict[str, str] = {
    # columns (each cell is 8 wide, after the opening quote):
    #         anon     applic   partner  secret   review   board    chair    admin    super
    "account_change_password": (
        "login    ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "account_confirm_email": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "account_confirm_login_code": (
        "login    redirect redirect redirect redirect redirect redirect redirect redirect"
    ),
    "account_confirm_reauthentication_code": (
        "login    redirect redirect redirect redirect redirect redirect redirect redirect"
    ),
    "account_email": ("login    ok       ok       ok       ok       ok       ok       ok       ok"),
    "account_email_verification_sent": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "account_inactive": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "account_login": (
        "ok       redirect redirect redirect redirect redirect redirect redirect redirect"
    ),
    "account_logout": (
        "redirect ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "account_reauthenticate": (
        "login    ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "account_request_reauthentication_code": (
        "login    ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "account_reset_password": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "account_reset_password_done": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "account_reset_password_from_key": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "account_reset_password_from_key_done": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "account_set_password": (
        "login    redirect redirect redirect redirect redirect redirect redirect redirect"
    ),
    "account_signup": (
        "ok       redirect redirect redirect redirect redirect redirect redirect redirect"
    ),
    "admin/(?P<url>.*)$": (
        "login    login    login    login    login    login    login    none     none"
    ),
    "admin:app_list": (
        "login    login    login    login    login    login    login    ok       ok"
    ),
    "admin:autocomplete": (
        "login    login    login    login    login    login    login    deny     deny"
    ),
    "admin:django_rq_actions": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_clear": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_confirm_action": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_cron_job_detail": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_cron_scheduler_detail": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_deferred_jobs": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_delete_failed_jobs": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_delete_job": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_enqueue_job": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_failed_jobs": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_finished_jobs": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_home": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_home_json": (
        "auth     auth     auth     auth     auth     auth     auth     auth     any"
    ),
    "admin:django_rq_job_detail": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_jobs": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_queue_details": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_requeue_all": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_requeue_job": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_result_detail": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_scheduled_jobs": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_scheduler_jobs": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_started_jobs": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_stop_job": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_worker_details": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_workers": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:index": ("login    login    login    login    login    login    login    ok       ok"),
    "admin:jsi18n": ("login    login    login    login    login    login    login    ok       ok"),
    "admin:login": ("login    deny     deny     deny     deny     deny     deny     deny     deny"),
    "admin:logout": (
        "redirect redirect redirect redirect redirect redirect redirect post     post"
    ),
    "admin:password_change": (
        "login    login    login    login    login    login    login    ok       ok"
    ),
    "admin:password_change_done": (
        "login    login    login    login    login    login    login    ok       ok"
    ),
    "admin:view_on_site": (
        "login    login    login    login    login    login    login    none     none"
    ),
    "api-1:api-root": (
        "none     none     none     none     none     none     none     none     none"
    ),
    "api-1:applications_list": (
        "auth     ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "api-1:hits": (
        "auth     deny     deny     ok       ok       deny     deny     ok       deny"
        " | auth     deny     deny     ok       ok       deny     deny     ok       deny"
    ),
    "api-1:check": ("post     post     post     post     post     post     post     post     post"),
    "api-1:lists": ("auth     deny     deny     ok       ok       deny     deny     ok       deny"),
    "api-1:openapi-json": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "api-1:openapi-view": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "api-1:organisation_get": (
        "auth     ok       ok       ok       ok       ok       ok       ok       deny"
        " | auth     deny     deny     ok       ok       ok       ok       ok       deny"
    ),
    "api-1:register_partners": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "api-1:schedule": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "api-1:totals": ("ok       ok       ok       ok       ok       ok       ok       ok       ok"),
    "credentials:api_issue": (
        "post     post     post     post     post     post     post     post     post"
    ),
    "credentials:api_verify": (
        "post     post     post     post     post     post     post     post     post"
    ),
    "credentials:api_verify_presentation": (
        "post     post     post     post     post     post     post     post     post"
    ),
    "credentials:context": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "credentials:did_json": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "credentials:download": (
        "-        -        ok       -        -        -        -        -        -"
        " | login    deny     -        deny     deny     deny     deny     deny     deny"
    ),
    "credentials:keys": (
        "login    deny     deny     deny     deny     deny     deny     ok       deny"
    ),
    "credentials:qr": (
        "-        -        ok       -        -        -        -        -        -"
        " | login    deny     -        deny     deny     deny     deny     deny     deny"
    ),
    "credentials:reissue": (
        "-        -        post     -        -        -        -        -        -"
        " | login    post     -        post     post     post     post     post     post"
    ),
    "credentials:status_list": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "credentials:verifier": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "credentials:vocabulary": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "diligence:board_pack": (
        "login    deny     deny     none     none     none     none     none     deny"
        " | login    deny     deny     ok       ok       ok       ok       ok       deny"
    ),
    "diligence:board_pack_pdf": (
        "login    deny     deny     none     none     none     none     none     deny"
        " | login    deny     deny     ok       ok       ok       ok       ok       deny"
    ),
    "diligence:case": (
        "login    deny     deny     ok       ok       deny     deny     deny     deny"
        " | login    deny     deny     ok       ok       deny     deny     deny     deny"
    ),
    "diligence:case_action": (
        "login    post     post     post     post     post     post     post     post"
        " | login    post     post     post     post     post     post     post     post"
    ),
    "diligence:case_for_application": (
        "login    deny     deny     redirect redirect deny     deny     deny     deny"
        " | login    deny     deny     redirect redirect deny     deny     deny     deny"
    ),
    "diligence:cases": (
        "login    deny     deny     ok       ok       deny     deny     deny     deny"
    ),
    "diligence:controversy_status": (
        "login    post     post     post     post     post     post     post     post"
    ),
    "diligence:monitoring": (
        "login    deny     deny     ok       ok       deny     deny     deny     deny"
    ),
    "diligence:policies": (
        "login    deny     deny     ok       ok       deny     deny     deny     deny"
    ),
    "diligence:request_answer": (
        "login    post     post     post     post     post     post     post     post"
        " | login    post     post     post     post     post     post     post     post"
    ),
    "diligence:request_attachment": (
        "login    ok       ok       ok       ok       deny     deny     deny     deny"
        " | login    deny     deny     ok       ok       deny     deny     deny     deny"
    ),
    "funding:budget": (
        "login    deny     deny     ok       deny     deny     deny     ok       deny"
    ),
    "funding:dashboard": (
        "login    deny     deny     ok       deny     ok       ok       ok       deny"
    ),
    "funding:export_csv": (
        "login    deny     deny     ok       deny     ok       ok       ok       deny"
    ),
    "funding:export_xlsx": (
        "login    deny     deny     ok       deny     ok       ok       ok       deny"
    ),
    "funding:in_kind_evidence": (
        "-        -        ok       -        -        -        -        -        -"
        " | login    deny     -        ok       deny     deny     deny     ok       deny"
    ),
    "funding:in_kind_new": (
        "login    deny     deny     ok       deny     deny     deny     ok       deny"
    ),
    "funding:pledge": (
        "-        -        deny     -        -        -        -        -        -"
        " | login    deny     -        ok       deny     deny     deny     ok       deny"
    ),
    "funding:pledge_new": (
        "login    deny     deny     ok       deny     deny     deny     ok       deny"
    ),
    "funding:public": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "funding:tier_confirm": (
        "login    post     post     post     post     post     post     post     post"
        " | login    post     post     post     post     post     post     post     post"
    ),
    "governance:board": (
        "login    deny     deny     ok       deny     ok       ok       ok       deny"
    ),
    "governance:conflict_answer": (
        "login    post     post     post     post     post     post     post     post"
    ),
    "governance:decisions": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "governance:interests": (
        "login    deny     deny     deny     deny     ok       ok       deny     deny"
    ),
    "governance:meeting": (
        "login    deny     deny     ok       deny     ok       ok       ok       deny"
    ),
    "governance:meeting_new": (
        "login    post     post     post     post     post     post     post     post"
    ),
    "governance:motion": (
        "login    deny     deny     ok       deny     ok       ok       ok       deny"
    ),
    "governance:motion_close": (
        "login    post     post     post     post     post     post     post     post"
    ),
    "governance:motion_new": (
        "login    deny     deny     ok       deny     deny     ok       deny     deny"
    ),
    "governance:motion_recuse": (
        "login    post     post     post     post     post     post     post     post"
    ),
    "governance:motion_vote": (
        "login    post     post     post     post     post     post     post     post"
    ),
    "governance:neutrality": (
        "login    post     post     post     post     post     post     post     post"
    ),
    "governance:notice": (
        "-        -        ok       -        -        -        -        -        -"
        " | login    deny     -        ok       deny     ok       ok       ok       deny"
    ),
    "governance:notice_new": (
        "-        -        deny     -        -        -        -        -        -"
        " | login    deny     -        ok       deny     deny     ok       deny     deny"
    ),
    "governance:notifications": (
        "login    ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "governance:rules": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "governance:tier_schedule": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "governance:tier_schedule_propose": (
        "login    deny     deny     ok       deny     deny     ok       deny     deny"
    ),
    "groups:add": ("login    post     post     post     post     post     post     post     post"),
    "groups:detail": ("ok       ok       ok       ok       ok       ok       ok       ok       ok"),
    "groups:join": ("login    post     post     post     post     post     post     post     post"),
    "groups:list": ("ok       ok       ok       ok       ok       ok       ok       ok       ok"),
    "groups:membership_decide": (
        "-        -        post     -        -        -        -        -        -"
        " | login    post     -        post     post     post     post     post     post"
    ),
    "groups:recommendation": (
        "none     none     none     ok       none     none     none     ok       none"
    ),
    "groups:recommendation_act": (
        "login    post     post     post     post     post     post     post     post"
    ),
    "groups:recommendations": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "mfa_activate_totp": (
        "login    redirect redirect redirect redirect redirect redirect redirect redirect"
    ),
    "mfa_authenticate": (
        "login    redirect redirect redirect redirect redirect redirect redirect redirect"
    ),
    "mfa_deactivate_totp": (
        "login    none     none     redirect redirect redirect redirect redirect redirect"
    ),
    "mfa_download_recovery_codes": (
        "login    none     none     none     none     none     none     none     none"
    ),
    "mfa_generate_recovery_codes": (
        "login    redirect redirect redirect redirect redirect redirect redirect redirect"
    ),
    "mfa_index": ("login    ok       ok       ok       ok       ok       ok       ok       ok"),
    "mfa_reauthenticate": (
        "login    redirect redirect ok       ok       ok       ok       ok       ok"
    ),
    "mfa_view_recovery_codes": (
        "login    none     none     none     none     none     none     none     none"
    ),
    "privacy:accept": (
        "login    post     post     post     post     post     post     post     post"
    ),
    "privacy:export_download": (
        "login    ok       ok       none     none     none     none     none     none"
        " | login    none     none     none     none     none     none     none     none"
    ),
    "privacy:export_start": (
        "login    post     post     post     post     post     post     post     post"
    ),
    "privacy:export_status": (
        "login    ok       ok       none     none     none     none     none     none"
        " | login    none     none     none     none     none     none     none     none"
    ),
    "privacy:my_data": (
        "login    ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "privacy:notice": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "privacy:notice_version": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "privacy:queue": (
        "login    deny     deny     ok       deny     deny     deny     ok       deny"
    ),
    "privacy:request": (
        "login    deny     deny     ok       deny     deny     deny     ok       deny"
        " | login    deny     deny     ok       deny     deny     deny     ok       deny"
    ),
    "privacy:request_open": (
        "login    post     post     post     post     post     post     post     post"
    ),
    "privacy:retention": (
        "login    deny     deny     ok       deny     deny     deny     ok       deny"
    ),
    "screening:alert": (
        "login    deny     deny     ok       deny     deny     deny     ok       deny"
    ),
    "screening:decide": (
        "login    post     post     post     post     post     post     post     post"
        " | login    post     post     post     post     post     post     post     post"
    ),
    "screening:home": (
        "login    deny     deny     ok       deny     deny     deny     ok       deny"
    ),
    "screening:screen_organisation": (
        "login    post     post     post     post     post     post     post     post"
        " | login    post     post     post     post     post     post     post     post"
    ),
    "transparency:checkpoint": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "transparency:consistency_proof": (
        "bad      bad      bad      bad      bad      bad      bad      bad      bad"
    ),
    "transparency:entries": (
        "bad      bad      bad      bad      bad      bad      bad      bad      bad"
    ),
    "transparency:entry": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "transparency:inclusion_proof": (
        "bad      bad      bad      bad      bad      bad      bad      bad      bad"
    ),
    "transparency:key": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "transparency:overview": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "transparency:rotate_key": (
        "post     post     post     post     post     post     post     post     post"
    ),
    "transparency:tile": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "web:application_detail": (
        "login    ok       ok       ok       ok       ok       ok       ok       deny"
        " | login    deny     deny     ok       ok       ok       ok       ok       deny"
    ),
    "web:application_withdraw": (
        "login    redirect redirect deny     deny     deny     deny     deny     deny"
        " | login    deny     deny     deny     deny     deny     deny     deny     deny"
    ),
    "web:apply_start": (
        "login    ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "web:apply_step": (
        "login    redirect redirect deny     deny     deny     deny     deny     deny"
        " | login    deny     deny     deny     deny     deny     deny     deny     deny"
    ),
    "web:dashboard": ("login    ok       ok       ok       ok       ok       ok       ok       ok"),
    "web:healthz": ("ok       ok       ok       ok       ok       ok       ok       ok       ok"),
    # The language switcher takes a POST only (anyone may choose a language).
    "web:set_language": (
        "post     post     post     post     post     post     post     post     post"
    ),
    "web:home": ("ok       ok       ok       ok       ok       ok       ok       ok       ok"),
    "web:intake": ("login    deny     deny     ok       deny     deny     deny     ok       deny"),
    # The secretariat translates the alliance's texts (principles, tiers, rules, criteria).
    "web:translations": (
        "login    deny     deny     ok       deny     deny     deny     deny     deny"
    ),
    "web:translation_edit": (
        "login    deny     deny     ok       deny     deny     deny     deny     deny"
    ),
    "web:organisation_detail": (
        "login    ok       ok       ok       ok       ok       ok       ok       deny"
        " | login    deny     deny     ok       ok       ok       ok       ok       deny"
    ),
    "web:organisation_people": (
        "login    ok       ok       ok       deny     deny     deny     ok       deny"
        " | login    deny     deny     ok       deny     deny     deny     ok       deny"
    ),
    "web:readyz": (
        "unready  unready  unready  unready  unready  unready  unready  unready  unready"
    ),
    "web:register": ("ok       ok       ok       ok       ok       ok       ok       ok       ok"),
    "web:register_data": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "web:register_decisions": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "web:register_decisions_csv": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "web:register_decisions_json": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "web:register_funding": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "web:register_funding_csv": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "web:register_funding_json": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "web:register_partners": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "web:register_partners_csv": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "web:register_partners_json": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "web:register_recommendations": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "web:register_recommendations_csv": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "web:register_recommendations_json": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "web:register_rules": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "web:register_rules_csv": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "web:register_rules_json": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "web:register_csv": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "web:register_json": (
        "ok       ok       ok       ok       ok       ok       ok       ok       ok"
    ),
    "web:role_revoke": (
        "login    post     post     post     post     post     post     post     post"
        " | login    post     post     post     post     post     post     post     post"
    ),
    "web:roles": ("login    deny     deny     deny     deny     deny     deny     ok       deny"),
    "admin:django_rq_metrics": (
        "auth     auth     auth     auth     auth     auth     auth     auth     ok"
    ),
    "funding:pledge_amend": (
        "-        -        post     -        -        -        -        -        -"
        " | login    post     -        post     post     post     post     post     post"
    ),
    "funding:pledge_cancel": (
        "-        -        post     -        -        -        -        -        -"
        " | login    post     -        post     post     post     post     post     post"
    ),
    "governance:conflict_rule": (
        "login    post     post     post     post     post     post     post     post"
    ),
    "governance:motion_withdraw": (
        "login    post     post     post     post     post     post     post     post"
    ),
    "governance:notice_attachment": (
        "-        -        ok       -        -        -        -        -        -"
        " | login    deny     -        ok       deny     ok       ok       ok       deny"
    ),
    "governance:recommendation_answer": (
        "login    post     post     post     post     post     post     post     post"
    ),
    "web:favicon": (
        "redirect redirect redirect redirect redirect redirect redirect redirect redirect"
    ),
    "web:metrics": ("ok       ok       ok       ok       ok       ok       ok       ok       ok"),
    "web:partnership_renew": (
        "-        -        post     -        -        -        -        -        -"
        " | login    post     -        post     post     post     post     post     post"
    ),
    "admin/django_tasks_database/dbtaskresult/<path:object_id>/": (
        "-        -        -        -        -        -        -        -        -"
    ),
    "admin:django_rq_dashboard_add": (
        "login    login    login    login    login    login    login    deny     deny"
    ),
    "admin:django_rq_dashboard_change": (
        "-        -        -        -        -        -        -        -        -"
    ),
    "admin:django_rq_dashboard_changelist": (
        "login    login    login    login    login    login    login    login    any"
    ),
    "admin:django_rq_dashboard_delete": (
        "-        -        -        -        -        -        -        -        -"
    ),
    "admin:django_rq_dashboard_history": (
        "-        -        -        -        -        -        -        -        -"
    ),
    "admin:django_tasks_database_dbtaskresult_add": (
        "login    login    login    login    login    login    login    deny     deny"
    ),
    "admin:django_tasks_database_dbtaskresult_change": (
        "-        -        -        -        -        -        -        -        -"
    ),
    "admin:django_tasks_database_dbtaskresult_changelist": (
        "login    login    login    login    login    login    login    deny     ok"
    ),
    "admin:django_tasks_database_dbtaskresult_delete": (
        "-        -        -        -        -        -        -        -        -"
    ),
    "admin:django_tasks_database_dbtaskresult_history": (
        "-        -        -        -        -        -        -        -        -"
    ),
    "admin/django_rq/dashboard/<path:object_id>/": (
        "-        -        -        -        -        -        -        -        -"
    ),
}

ADMIN_MODEL_RULES: dict[str, str] = {
    # columns (each cell is 8 wide, after the opening quote):
    #         anon     applic   partner  secret   review   board    chair    admin    super
    "admin:<model>_add": (
        "login    login    login    login    login    login    login    deny     deny"
    ),
    "admin:<model>_change": (
        "login    login    login    login    login    login    login    ok       ok"
    ),
    "admin:<model>_changelist": (
        "login    login    login    login    login    login    login    ok       ok"
    ),
    "admin:<model>_delete": (
        "login    login    login    login    login    login    login    deny     deny"
    ),
    "admin:<model>_history": (
        "login    login    login    login    login    login    login    ok       ok"
    ),
    "admin:<model>_redirect": (
        "login    login    login    login    login    login    login    redirect redirect"
    ),
}

# POST outcomes (test_the_permission_matrix_for_post) where the GET row does not say
# them: the writes reached only by POST (their GET cells are ``post``) and the few URLs
# whose POST answers differently from their GET. Cells: ``yes`` let through (a page, the
# form's errors, a redirect other than to sign in, a 400); ``no`` refused (403, 404,
# 401, sent to sign in); ``get`` takes no POST (405); ``any`` not compared (django-rq).
POST_EXPECTED: dict[str, str] = {
    # Screening one name: the screening roles only, refused before the body is read.
    "api-1:check": ("no       no       no       yes      yes      no       no       yes      no"),
    # Anyone may choose a language; the choice is only a cookie (and, signed in, the
    # account's own preference).
    "web:set_language": (
        "yes      yes      yes      yes      yes      yes      yes      yes      yes"
    ),
    # columns (each cell is 8 wide, after the opening quote):
    #         anon     applic   partner  secret   review   board    chair    admin    super
    # The link's key is the authority: whoever holds it confirms that address, then is
    # sent to sign in (allauth).
    "account_confirm_email": (
        "no       no       no       no       no       no       no       no       no"
    ),
    # The alliance's model admins read only: a change posted is refused to everyone.
    "admin:<model>_change": (
        "no       no       no       no       no       no       no       no       no"
    ),
    "admin:logout": ("yes      yes      yes      yes      yes      yes      yes      yes      yes"),
    "credentials:api_issue": (
        "no       no       no       yes      no       no       no       no       no"
    ),
    "credentials:api_verify": (
        "yes      yes      yes      yes      yes      yes      yes      yes      yes"
    ),
    "credentials:api_verify_presentation": (
        "yes      yes      yes      yes      yes      yes      yes      yes      yes"
    ),
    "credentials:reissue": (
        "-        -        no       -        -        -        -        -        -"
        " | no       no       -        yes      no       no       no       no       no"
    ),
    "diligence:case_action": (
        "no       no       no       yes      yes      no       no       no       no"
        " | no       no       no       yes      yes      no       no       no       no"
    ),
    "diligence:controversy_status": (
        "no       no       no       yes      yes      no       no       no       no"
    ),
    "diligence:policies": (
        "no       no       no       yes      no       no       no       no       no"
    ),
    # Only the organisation's own people answer the questions put to it.
    "diligence:request_answer": (
        "no       yes      yes      no       no       no       no       no       no"
        " | no       no       no       no       no       no       no       no       no"
    ),
    "funding:pledge_amend": (
        "-        -        no       -        -        -        -        -        -"
        " | no       no       -        yes      no       no       no       yes      no"
    ),
    "funding:pledge_cancel": (
        "-        -        no       -        -        -        -        -        -"
        " | no       no       -        yes      no       no       no       yes      no"
    ),
    "funding:tier_confirm": (
        "no       no       no       yes      no       no       no       yes      no"
        " | no       no       no       yes      no       no       no       yes      no"
    ),
    "governance:conflict_answer": (
        "no       no       no       no       no       yes      no       no       no"
    ),
    "governance:conflict_rule": (
        "no       no       no       no       no       no       yes      no       no"
    ),
    "governance:meeting": (
        "no       no       no       yes      no       no       yes      no       no"
    ),
    "governance:meeting_new": (
        "no       no       no       yes      no       no       yes      no       no"
    ),
    "governance:motion_close": (
        "no       no       no       yes      no       no       yes      no       no"
    ),
    "governance:motion_recuse": (
        "no       no       no       no       no       yes      yes      no       no"
    ),
    "governance:motion_vote": (
        "no       no       no       no       no       yes      yes      no       no"
    ),
    "governance:motion_withdraw": (
        "no       no       no       no       no       no       yes      no       no"
    ),
    "governance:neutrality": (
        "no       no       no       yes      yes      no       no       no       no"
    ),
    "governance:recommendation_answer": (
        "no       no       no       yes      no       no       yes      no       no"
    ),
    "groups:add": ("no       no       no       yes      no       no       no       yes      no"),
    # A request to join for one's own organisation, or (TAKE_PART_IN_GROUPS) any: the
    # action then refuses what is not due (already asked, not a partner).
    "groups:join": ("no       yes      yes      yes      no       yes      yes      no       no"),
    "groups:membership_decide": (
        "-        -        no       -        -        -        -        -        -"
        " | no       no       -        yes      no       no       no       yes      no"
    ),
    "groups:recommendation_act": (
        "no       no       no       yes      no       no       no       yes      no"
    ),
    "privacy:accept": (
        "no       yes      yes      yes      yes      yes      yes      yes      yes"
    ),
    "privacy:export_start": (
        "no       yes      yes      yes      yes      yes      yes      yes      yes"
    ),
    "privacy:request_open": (
        "no       yes      yes      yes      yes      yes      yes      yes      yes"
    ),
    "screening:decide": (
        "no       no       no       yes      yes      no       no       yes      no"
        " | no       no       no       yes      yes      no       no       yes      no"
    ),
    "screening:screen_organisation": (
        "no       no       no       yes      yes      no       no       yes      no"
        " | no       no       no       yes      yes      no       no       yes      no"
    ),
    "transparency:rotate_key": (
        "no       no       no       no       no       no       no       yes      no"
    ),
    "web:partnership_renew": (
        "-        -        no       -        -        -        -        -        -"
        " | no       no       -        yes      no       no       no       yes      no"
    ),
    "web:role_revoke": (
        "no       no       no       no       no       no       no       yes      no"
        " | no       no       no       no       no       no       no       yes      no"
    ),
}
