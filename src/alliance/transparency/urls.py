from django.urls import path, re_path

from alliance.transparency import views

app_name = "transparency"

urlpatterns = [
    path("transparency/", views.overview, name="overview"),
    path("transparency/key", views.verifier_key, name="key"),
    path("transparency/key/rotate/", views.rotate_key, name="rotate_key"),
    path("transparency/checkpoint", views.checkpoint, name="checkpoint"),
    path("transparency/entries", views.entries, name="entries"),
    path("transparency/entries/<int:index>/", views.entry_detail, name="entry"),
    path("transparency/proof/inclusion", views.inclusion_proof, name="inclusion_proof"),
    path("transparency/proof/consistency", views.consistency_proof, name="consistency_proof"),
    re_path(r"^transparency/tile/(?P<path>.+)$", views.tile, name="tile"),
]
