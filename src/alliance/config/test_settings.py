"""Settings for the test suite: everything real, only faster and in-process."""

from alliance.config.settings import *  # noqa: F403

# A fast hasher: tests create many accounts; production keeps PBKDF2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Background tasks run immediately, inside the test's own process.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Keys, uploads and demo logins made by tests go to a throw-away folder, never ./var.
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

VAR_DIR = Path(tempfile.mkdtemp(prefix="alliance-test-"))
MEDIA_ROOT = VAR_DIR / "media"
STATIC_ROOT = VAR_DIR / "static"
ALLIANCE_SCREENING_CACHE_DIR = VAR_DIR / "screening-cache"

# The log-derived page cache keys on the log alone; tests build other rows directly and
# read response.context, so it is off here and switched on by the tests that cover it
# (tests/web/test_pagecache.py).
ALLIANCE_PAGE_CACHE = False
# Likewise the signed-in fragments (alliance.web.fragments): tests write rows without
# actions, and rolled-back ids repeat between tests (tests/web/test_fragments.py).
ALLIANCE_FRAGMENT_CACHE = False
