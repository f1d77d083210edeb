"""A hit explanation in the reader's language: ``{{ feature|screening_detail }}`` (a
feature's detail), ``{{ pair.how|screening_how }}`` (how two words pair up) and
``{{ kind|screening_kind }}`` (an entry kind inside a sentence)."""

from __future__ import annotations

from django import template

from alliance.screening.reasoning import detail_shown, how_shown, kind_shown

register = template.Library()
register.filter("screening_detail", detail_shown)
register.filter("screening_how", how_shown)
register.filter("screening_kind", kind_shown)
