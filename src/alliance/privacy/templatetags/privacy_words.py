"""``{% load privacy_words %}``: the published notice's English in the reader's language."""

from __future__ import annotations

from django import template

from alliance.privacy import notice
from alliance.privacy.data_labels import data_label_shown

register = template.Library()

register.filter("retention_shown", notice.retention_shown)
register.filter("data_label", data_label_shown)
