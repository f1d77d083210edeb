"""Django settings, read from the environment.

DATABASE_URL selects the database (SQLite file under ./var by default,
PostgreSQL in production and CI). Secrets come from the environment; a
development secret is generated per checkout and never committed.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

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
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLIANCE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]
ALLIANCE_NAME = os.environ.get("ALLIANCE_NAME", "Digital Identity Alliance")
ALLIANCE_DATA_DIR = data_dir()
# Plain HTTP on the loopback demo; behind TLS in production set ALLIANCE_SECURE=1.
ALLIANCE_SECURE = _env_bool("ALLIANCE_SECURE", False)

# --- Configuration that cannot lie (issue 14, item 5) ---------------------------------
# Production (ALLIANCE_SECURE=1) refuses to start without its own secret key and base
# URL: no silent fall-back to the development key file or to 127.0.0.1:8000. In
# development `alliance serve HOST:PORT` sets ALLIANCE_BASE_URL from the address it
# binds; the base URL is checked against the did:web host and the log origin at start
# (alliance.config.checks).
ERR_SECURE_NEEDS_SECRET = (
    "ALLIANCE_SECURE=1 needs ALLIANCE_SECRET_KEY: set it to a long random value kept "  # noqa: S105
    "with the server's other secrets (the development key file in var/ is not used "
    "in production)."
)
ERR_SECURE_NEEDS_BASE_URL = (
    "ALLIANCE_SECURE=1 needs ALLIANCE_BASE_URL: the public https:// address of the site "
    "(it names the log origin, the did:web issuer and every link in e-mails)."
)
ERR_SECURE_BASE_URL_NOT_HTTPS = (
    "ALLIANCE_SECURE=1 needs an https:// ALLIANCE_BASE_URL, not {url!r}."
)
ERR_BASE_URL_MALFORMED = (
    "ALLIANCE_BASE_URL must be an absolute http(s) URL such as https://alliance.example, "
    "not {url!r}."
)
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
if ALLIANCE_SECURE:
    if not os.environ.get("ALLIANCE_SECRET_KEY", "").strip():
        raise ImproperlyConfigured(ERR_SECURE_NEEDS_SECRET)
    if not os.environ.get("ALLIANCE_BASE_URL", "").strip():
        raise ImproperlyConfigured(ERR_SECURE_NEEDS_BASE_URL)
SECRET_KEY = os.environ.get("ALLIANCE_SECRET_KEY", "").strip() or _dev_secret("secret_key")
ALLIANCE_BASE_URL = (os.environ.get("ALLIANCE_BASE_URL", "").strip() or DEFAULT_BASE_URL).rstrip(
    "/"
)
_base = urlsplit(ALLIANCE_BASE_URL)
if _base.scheme not in {"http", "https"} or not _base.netloc:
    raise ImproperlyConfigured(ERR_BASE_URL_MALFORMED.format(url=ALLIANCE_BASE_URL))
if ALLIANCE_SECURE and _base.scheme != "https":
    raise ImproperlyConfigured(ERR_SECURE_BASE_URL_NOT_HTTPS.format(url=ALLIANCE_BASE_URL))
# --- end configuration that cannot lie ----------------------------------------------

INSTALLED_APPS = [
    "alliance.core.admin_apps.AllianceAdminConfig",
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
    "django_prometheus",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    # django-ninja as an app: /api/docs renders Swagger UI from ninja's own static files
    # (no CDN, no inline script), so it works under the strict CSP below.
    "ninja",
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
    # Start-up checks: base URL, did:web host, log origin and signing key agree.
    "alliance.config",
]

MIDDLEWARE = [
    # Requests by view and status, and latency (issue 19; served at /metrics).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the visitor's cookie (the switcher) or Accept-Language (issue 18);
    # after the session, before CommonMiddleware as Django requires.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in person's own language (accounts.User.language) wins over the cookie.
    "alliance.accounts.middleware.UserLanguage",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "alliance.accounts.middleware.RequireMFAForPrivilegedRoles",
    # Hygiene (issue 14): nothing a signed-in person sees is kept by a browser or proxy.
    "alliance.core.middleware.NoStoreForSignedIn",
    # A visit to a form-only address gets a page, not the browser's blank 405 (before
    # NoStoreForSignedIn on the way out, so the page it makes gets no-store too).
    "alliance.web.not_allowed.MethodNotAllowedPage",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Last, so it sees the view's own response (issue 19): log-derived public pages.
    "alliance.web.pagecache.LogCachedPages",
]

# A form refused by the CSRF check gets the site's page, in the reader's language
# (alliance.web.csrf), not Django's bare English one.
CSRF_FAILURE_VIEW = "alliance.web.csrf.csrf_failure"

# Metrics (alliance.web.metrics): /metrics for loopback or ALLIANCE_METRICS_TOKEN.
PROMETHEUS_EXPORT_MIGRATIONS = False
ALLIANCE_METRICS = os.environ.get("ALLIANCE_METRICS", "1") != "0"

# Public pages derived only from the transparency log: rendered once per log state for
# visitors who are not signed in, with ETag/Last-Modified (alliance.web.pagecache).
ALLIANCE_PAGE_CACHE = os.environ.get("ALLIANCE_PAGE_CACHE", "1") != "0"
# Signed-in fragments (the dashboard's sections and panels, the header's banners) kept
# per person until the data changes (alliance.web.fragments).
ALLIANCE_FRAGMENT_CACHE = os.environ.get("ALLIANCE_FRAGMENT_CACHE", "1") != "0"
_OPEN_DATASETS = ("partners", "decisions", "rules", "recommendations", "funding")
# The register's section pages take filters and a page number: cached by query string too.
_REGISTER_SECTIONS = (
    "web:register_partners",
    "web:register_decisions",
    "web:register_rules",
    "web:register_recommendations",
    "web:register_funding",
    "web:register_data",
)
ALLIANCE_LOG_CACHED_QUERY_PAGES = frozenset(_REGISTER_SECTIONS)
ALLIANCE_LOG_CACHED_PAGES = frozenset(
    {
        "web:home",
        "web:register",
        "web:register_json",
        "web:register_csv",
        *_REGISTER_SECTIONS,
        *(f"web:register_{name}_{ext}" for name in _OPEN_DATASETS for ext in ("json", "csv")),
        "transparency:overview",
        "governance:decisions",
        "governance:rules",
    }
)

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
                # LANGUAGE_CODE and LANGUAGE_BIDI for <html lang dir> (base.html).
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "alliance.web.context.site",
            ],
            # Django's ``date`` filter with French's "1er janvier" (core.i18n.date_shown).
            "builtins": ["alliance.core.templatetags.dates"],
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
    # Connections persist like PostgreSQL's (ALLIANCE_CONN_MAX_AGE): opening one costs
    # about 4 ms of CPU (the PRAGMAs, Django's SQL functions), twice what a cached page
    # costs to serve (issue 19, docs/operations.md "Performance").
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "alliance.accounts.passwords.MinimumLengthValidator"},
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

# --- Sign-in hardening (issue 14; owner: accounts) -----------------------------------
# Staff and Board roles complete TOTP in the same session before any page, API call or
# admin page (alliance.accounts.middleware); /admin/login/ goes to this sign-in.
# Rate limits on every authentication endpoint, per address and per account, in stepped
# windows that lengthen as failures add up (progressive delay), never a lockout that a
# stranger can trigger: failed passwords count per account *on one address*
# (alliance.accounts.adapter), so a guesser slows only itself; a wide per-account
# limit catches guesses spread over many addresses and a password reset clears it.
# TOTP codes share "login_failed" per user (allauth.mfa). See docs/security.md.
ACCOUNT_ADAPTER = "alliance.accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,30/15m/ip,100/d/ip,3/m/key,6/15m/key,12/h/key,24/d/key",
    "login_failed_account": "50/h/key,200/d/key",
    "reauthenticate": "5/m/user,20/h/user",
    "reset_password": "10/m/ip,30/h/ip,3/15m/key,10/d/key",
    "reset_password_from_key": "20/m/ip,60/h/ip",
    "change_password": "5/m/user,20/h/user",
    "signup": "20/m/ip,100/d/ip",
}
MFA_RATE_LIMITS = {"webauthn_login": "10/m/ip"}
# Behind a reverse proxy, the number of proxies that append X-Forwarded-For (so limits
# count the client's address, not the proxy's).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ALLIANCE_TRUSTED_PROXIES", "0"))
# --- end of sign-in hardening ---------------------------------------------------------

EMAIL_BACKEND = os.environ.get(
    "ALLIANCE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("ALLIANCE_FROM_EMAIL", "secretariat@alliance.example")

# British English is the source language (dates as 3 Dec 2026); browsers asking for any
# other English get it too.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
# The UN working languages the alliance's partners use most (docs/i18n.md); Arabic is
# written right to left (base.html takes ``dir`` from the active language).
LANGUAGES = [
    ("en-gb", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Arabic numbers with CLDR's separators (config/formats/ar; docs/i18n.md, "Numerals").
FORMAT_MODULE_PATH = ["alliance.config.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("ALLIANCE_STATIC_ROOT") or VAR_DIR / "static")
# Source maps (Swagger UI's are megabytes) are not worth compressing at every collectstatic.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    "jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br",
    "swf", "flv", "woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v", "mov", "mp4",
    "mpeg", "mpg", "webm", "wmv", "map",
)  # fmt: skip
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "alliance.config.staticstorage.IncrementalCompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
ALLIANCE_MAX_UPLOAD_BYTES = int(os.environ.get("ALLIANCE_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))
# --- Media permissions (issue 14, hygiene) ---------------------------------------------
# Uploads and files the code stores (Board packs, evidence) are readable by the owner and
# its group only; the folders likewise. FileSystemStorage applies these on every save.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
# --- end media permissions -----------------------------------------------------------

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
# Deliberate (docs/operations.md): HSTS covers subdomains and asks for preloading only when
# the operator says so, because the alliance rarely owns its parent domain. These two
# are the only findings `alliance manage check --deploy` reports in production.
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("ALLIANCE_HSTS_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = _env_bool("ALLIANCE_HSTS_PRELOAD", False)
CSRF_TRUSTED_ORIGINS = [f"{_base.scheme}://{_base.netloc}"]

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
# django-tasks' RQ backend needs its own job class in the workers; alliance.core.rq's
# queue gives every job retries and its worker finds a dead worker's job within a minute.
RQ_QUEUES = {
    "default": {
        "URL": ALLIANCE_REDIS_URL or "redis://127.0.0.1:6379/0",
        "QUEUE_CLASS": "alliance.core.rq.RetryingQueue",
    }
}
RQ = {"JOB_CLASS": "django_tasks_rq.Job", "WORKER_CLASS": "alliance.core.rq.Worker"}
# Loaded once by each RQ worker before it forks a work horse per task (alliance.core.rq):
# the screening engine's data, and the screener over the current lists (from the
# on-disk store; the work horses open a newer one only after a list update).
ALLIANCE_WORKER_WARMUP = (
    "alliance.screening.engine.warm_engine",
    "alliance.screening.selectors.current_screener",
)

# Built screening indexes, memory-mapped by every process on the machine (issue 19):
# one folder per machine, rebuilt only when the current lists or the engine change.
ALLIANCE_SCREENING_CACHE_DIR = Path(
    os.environ.get("ALLIANCE_SCREENING_CACHE_DIR") or VAR_DIR / "screening-cache"
)

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
