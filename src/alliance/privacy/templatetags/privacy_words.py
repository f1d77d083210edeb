"""``{% load privacy_words %}``: the published notice's English in the reader's language."""

from __future__ import annotations

from django import template

from alliance.privacy import notice

register = template.Library()

register.filter("retention_shown", notice.retention_shown)
