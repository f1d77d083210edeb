"""The secretariat's pages for translating content that is data (principles, tier names,
rules texts, due-diligence criteria) into French, Spanish and Arabic. Each save goes
through the kind's audited ``<noun>_translation_set`` action; English stays the source."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from alliance.core.content_i18n import (
    ERR_EMPTY_TEXT,
    ERR_UNKNOWN_LANGUAGE,
    Entry,
    target_languages,
)
from alliance.core.errors import ActionError
from alliance.core.forms import TEXT, PlainTextField
from alliance.core.permissions import Perm, require
from alliance.web.content_kinds import KINDS, ContentKind, describe

SAVED = _("Translation saved.")


class TranslationForm(forms.Form):
    """One field per translatable text, the English source as its help."""

    def __init__(self, *args: Any, entries: list[Entry], current: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.entries = entries
        self.current = current
        for index, entry in enumerate(entries):
            long = len(entry.source) > 80
            self.fields[f"t{index}"] = PlainTextField(
                label=entry.label,
                required=False,
                max_length=TEXT,
                initial=current.get(entry.key, ""),
                help_text=str(_("English: {source}")).format(source=entry.source),
                widget=forms.Textarea(attrs={"rows": 3}) if long else forms.TextInput(),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for index, entry in enumerate(self.entries):
            # A published translation can be changed, never emptied back to nothing.
            if not (data.get(f"t{index}") or "").strip() and self.current.get(entry.key):
                self.add_error(f"t{index}", str(ERR_EMPTY_TEXT).format(key=entry.label))
        return data

    def texts(self) -> dict[str, str]:
        """The texts given, by key (blank fields are left out: still English)."""
        return {
            entry.key: self.cleaned_data[f"t{index}"].strip()
            for index, entry in enumerate(self.entries)
            if (self.cleaned_data.get(f"t{index}") or "").strip()
        }


def _completeness(kind: ContentKind, version: Any) -> list[tuple[str, str, int, int]]:
    entries = kind.entries(version)
    keys = {e.key for e in entries}
    translations = version.translations or {}
    return [
        (code, name, len(keys & set(translations.get(code, {}))), len(keys))
        for code, name in target_languages()
    ]


@require_safe
@login_required
def translations(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.TRANSLATE_CONTENT)
    sections = [
        {
            "kind": kind,
            "versions": [
                {
                    "name": describe(slug, v),
                    "pk": v.pk,
                    "languages": _completeness(kind, v),
                }
                for v in kind.versions()
                if kind.entries(v)
            ],
        }
        for slug, kind in KINDS.items()
    ]
    return render(request, "web/translations/list.html", {"sections": sections})


def _version_pk(request: HttpRequest) -> int | None:
    raw = request.GET.get("version", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return int(raw)


@login_required
def translation_edit(request: HttpRequest, kind: str) -> HttpResponse:
    require(request.user, Perm.TRANSLATE_CONTENT)
    content = KINDS.get(kind)
    if content is None:
        raise Http404
    version = content.version(_version_pk(request))
    if version is None:
        raise Http404
    languages = dict(target_languages())
    language = request.GET.get("language") or next(iter(languages))
    entries = content.entries(version)
    current = (version.translations or {}).get(language, {})
    form = TranslationForm(request.POST or None, entries=entries, current=current)
    status = 200
    if language not in languages:
        form.is_bound = False  # nothing to save into a language the site does not offer
        messages.error(request, str(ERR_UNKNOWN_LANGUAGE).format(language=language))
        status = 400
    elif request.method == "POST" and form.is_valid():
        try:
            saved = content.set(
                actor=request.user, version=version, language=language, texts=form.texts()
            )
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, SAVED)
            query = f"?version={saved.pk}&language={language}"
            return redirect(reverse("web:translation_edit", args=[kind]) + query)
    if form.is_bound and form.errors:
        status = 400
    return render(
        request,
        "web/translations/edit.html",
        {
            "content": content,
            "version": version,
            "version_name": describe(kind, version),
            "language": language,
            "language_name": languages.get(language, language),
            "languages": list(languages.items()),
            "form": form,
        },
        status=status,
    )
