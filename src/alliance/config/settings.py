"""Django settings, read from the environment.

DATABASE_URL selects the database (SQLite file under ./var by default,
PostgreSQL in production and CI). Secrets come from the environment; a
development secret is generated per checkout and never committed.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

from alliance.datadir import data_dir

BASE_DIR = Path(__file__).resolve().parent.parent  # src/alliance
VAR_DIR = Path(os.environ.get("ALLIANCE_VAR_DIR", Path.cwd() / "var")).resolve()


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _dev_secret(name: str) -> str:
    """A per-checkout random secret kept in var/ (git-ignored), for development only."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = _env_bool("ALLIANCE_DEBUG", False)
SECRET_KEY = os.environ.get("ALLIANCE_SECRET_KEY") or _dev_secret("secret_key")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLIANCE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]
ALLIANCE_NAME = os.environ.get("ALLIANCE_NAME", "Digital Identity Alliance")
ALLIANCE_BASE_URL = os.environ.get("ALLIANCE_BASE_URL", "http://127.0.0.1:8000")
ALLIANCE_DATA_DIR = data_dir()
# Plain HTTP on the loopback demo; behind TLS in production set ALLIANCE_SECURE=1.
ALLIANCE_SECURE = _env_bool("ALLIANCE_SECURE", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "alliance.core",
    "alliance.accounts",
    "alliance.organisations",
    "alliance.governance",
    "alliance.diligence",
    "alliance.screening",
    "alliance.funding",
    "alliance.groups",
    "alliance.transparency",
    "alliance.credentials",
    "alliance.privacy",
    "alliance.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "alliance.accounts.middleware.RequireMFAForPrivilegedRoles",
]

ROOT_URLCONF = "alliance.config.urls"
WSGI_APPLICATION = "alliance.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "alliance.web.context.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'alliance.sqlite3'}",
        conn_max_age=int(os.environ.get("ALLIANCE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the embedded worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts: email login, mandatory verification, password reset; TOTP MFA.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if ALLIANCE_SECURE else "http"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{ALLIANCE_NAME}] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = ALLIANCE_NAME
LOGIN_REDIRECT_URL = "web:dashboard"
LOGIN_URL = "account_login"

EMAIL_BACKEND = os.environ.get(
    "ALLIANCE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("ALLIANCE_FROM_EMAIL", "secretariat@alliance.example")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
ALLIANCE_MAX_UPLOAD_BYTES = int(os.environ.get("ALLIANCE_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))

# Security: CSRF, CSP, secure cookies when served over TLS.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = ALLIANCE_SECURE
CSRF_COOKIE_SECURE = ALLIANCE_SECURE
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = ALLIANCE_SECURE and _env_bool("ALLIANCE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if ALLIANCE_SECURE else 0
CSRF_TRUSTED_ORIGINS = [ALLIANCE_BASE_URL]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Background work: the database-backed worker by default (`alliance worker`, started
# by `alliance serve`); set ALLIANCE_TASK_BACKEND=rq and ALLIANCE_REDIS_URL to scale out
# with Redis-backed RQ workers (`alliance manage rqworker default`). Tests run tasks
# immediately.
ALLIANCE_REDIS_URL = os.environ.get("ALLIANCE_REDIS_URL", "")
_TASK_BACKENDS = {
    "db": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_task_backend = os.environ.get("ALLIANCE_TASK_BACKEND", "db")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(_task_backend, _task_backend)}}
RQ_QUEUES = {"default": {"URL": ALLIANCE_REDIS_URL or "redis://127.0.0.1:6379/0"}}

# A cache shared by every server process (allauth's used-TOTP-code markers, rate limits):
# Redis when configured, else files under var/.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": ALLIANCE_REDIS_URL,
    }
    if ALLIANCE_REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ALLIANCE_LOG_LEVEL", "INFO")},
    # Third-party libraries that narrate every step at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "rq.worker")},
}

# Privacy (issue 17): sign-up asks for acceptance of the current privacy notice.
ACCOUNT_SIGNUP_FORM_CLASS = "alliance.privacy.forms.SignupNoticeForm"
