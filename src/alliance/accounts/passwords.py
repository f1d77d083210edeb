"""Password rules: Django's, with refusals every offered language translates.

Django 5.2 words the too-short refusal with ``%d``; its Arabic catalog still translates
only the earlier ``%(min_length)d`` form, so an Arabic sign-up page refused a short
password in English. This validator says the same thing through the project's catalogs.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
