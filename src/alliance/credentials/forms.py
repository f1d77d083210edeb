"""The public verifier's form: paste or upload, size- and type-checked."""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from alliance.core.forms import PlainTextField
from alliance.engines.credentials import jose

MAX_DOCUMENT_BYTES = 256 * 1024
UPLOAD_SUFFIXES = {".json", ".jsonld", ".jwt", ".txt"}
UPLOAD_TYPES = {
    "application/json",
    "application/ld+json",
    "text/plain",
    "application/vc+jwt",
    "application/vp+jwt",
    "application/jwt",
    "application/octet-stream",
    "",
}
ERR_EMPTY = _("Paste a credential or presentation, or choose a file.")
ERR_BOTH = _("Paste a document or upload a file, not both.")
ERR_TOO_BIG = format_lazy(
    _("That is larger than {kib} KiB; no credential is that big."), kib=MAX_DOCUMENT_BYTES // 1024
)
ERR_TYPE = _("Upload a .json, .jsonld, .jwt or .txt file.")
ERR_NOT_TEXT = _("The file is not UTF-8 text.")
ERR_NOT_DOCUMENT = _("This is neither a JSON object nor a vc+jwt / vp+jwt token.")


def parse_document(text: str) -> dict[str, Any] | str:
    """A JSON object or a compact JWS token, or ValueError(ERR_NOT_DOCUMENT)."""
    text = text.strip()
    if jose.looks_like_jwt(text):
        return text
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise ValueError(ERR_NOT_DOCUMENT) from exc
    if isinstance(value, str) and jose.looks_like_jwt(value):
        return value
    if not isinstance(value, dict):
        raise ValueError(ERR_NOT_DOCUMENT)
    return value


class VerifyForm(forms.Form):
    document = PlainTextField(
        label=_("Credential or presentation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text=_("JSON (Data Integrity proof) or a vc+jwt / vp+jwt token."),
        max_length=MAX_DOCUMENT_BYTES,
        error_messages={"max_length": ERR_TOO_BIG},
    )
    upload = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_(".json, .jsonld, .jwt or .txt, at most 256 KiB."),
    )
    challenge = forms.CharField(
        label=_("Expected challenge (presentations)"), required=False, max_length=200
    )
    domain = forms.CharField(
        label=_("Expected domain (presentations)"), required=False, max_length=200
    )

    def clean_document(self) -> str:
        text = self.cleaned_data.get("document") or ""
        if len(text.encode("utf-8")) > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(ERR_TOO_BIG)
        return text

    def clean_upload(self) -> str:
        upload = self.cleaned_data.get("upload")
        if not upload:
            return ""
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(ERR_TOO_BIG)
        suffix = PurePath(upload.name or "").suffix.lower()
        content_type = (upload.content_type or "").split(";")[0].strip().lower()
        if suffix not in UPLOAD_SUFFIXES or content_type not in UPLOAD_TYPES:
            raise forms.ValidationError(ERR_TYPE)
        try:
            return upload.read(MAX_DOCUMENT_BYTES + 1).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(ERR_NOT_TEXT) from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        text, uploaded = data.get("document", "").strip(), data.get("upload", "")
        if text and uploaded:
            raise forms.ValidationError(ERR_BOTH)
        if not (text or uploaded):
            raise forms.ValidationError(ERR_EMPTY)
        try:
            data["parsed"] = parse_document(text or uploaded)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data
