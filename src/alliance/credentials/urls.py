from django.urls import path

from alliance.credentials import views

app_name = "credentials"

urlpatterns = [
    path(".well-known/did.json", views.did_json, name="did_json"),
    path("ns/credentials/v1", views.context, name="context"),
    path("ns/credentials", views.context, name="vocabulary"),
    path("credentials/status/<slug:purpose>", views.status_list, name="status_list"),
    path("credentials/verifier", views.verifier, name="verifier"),
    path("credentials/issue", views.api_issue, name="api_issue"),
    path("credentials/verify", views.api_verify_credential, name="api_verify"),
    path("presentations/verify", views.api_verify_presentation, name="api_verify_presentation"),
    path("credentials/keys/", views.keys, name="keys"),
    path("credentials/<uuid:public_id>/download/<slug:form>", views.download, name="download"),
    path("credentials/<uuid:public_id>/qr.<slug:fmt>", views.qr, name="qr"),
    path("credentials/partnerships/<int:pk>/reissue", views.reissue, name="reissue"),
]
