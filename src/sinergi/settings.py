"""Sinergi settings: one module, configured only through the environment (see .env.example)."""

from __future__ import annotations

import importlib.util
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from sinergi.core.env import env_bool, env_int, env_list, env_secret, env_str

django_stubs_ext.monkeypatch()

DATA_DIR = Path(env_str("SINERGI_DATA_DIR", "var")).resolve()
DEBUG = env_bool("SINERGI_DEBUG", default=False)

# The embedded default (no DATABASE_URL) is a single-machine install: SQLite in the data
# directory and a secret key generated there once. A production database needs a real secret.
_database_url = env_str("DATABASE_URL")
EMBEDDED = _database_url == ""
_PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "insecure", "django-insecure"}


def _embedded_secret_key() -> str:
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


SECRET_KEY = env_secret("SINERGI_SECRET_KEY")
if SECRET_KEY.lower() in _PLACEHOLDER_SECRETS:
    if EMBEDDED or DEBUG:
        SECRET_KEY = _embedded_secret_key()
    else:
        raise ImproperlyConfigured(
            "SINERGI_SECRET_KEY (or SINERGI_SECRET_KEY_FILE) is required with DATABASE_URL "
            "when SINERGI_DEBUG is off; placeholder values are refused."
        )

# Separate key for NIK hashing (UU 27/2022): rotating the session key must not orphan hashes.
NIK_HASH_KEY = env_secret("SINERGI_NIK_HASH_KEY") or SECRET_KEY

ALLOWED_HOSTS = env_list("SINERGI_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("SINERGI_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "sinergi.core",
    "sinergi.regions",
    "sinergi.atlas",
    "sinergi.partners",
    "sinergi.interventions",
    "sinergi.kube",
    "sinergi.synergy",
    "sinergi.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sinergi.regions.middleware.BoundaryFastPathMiddleware",
    "sinergi.atlas.middleware.ValuesFastPathMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sinergi.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sinergi.core.tokens.ApiTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "sinergi.urls"
WSGI_APPLICATION = "sinergi.wsgi.application"
AUTH_USER_MODEL = "core.User"
# Password sign-in with a database-backed rate limit (holds across gunicorn workers).
AUTHENTICATION_BACKENDS = ["sinergi.core.auth.RateLimitedModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES: dict[str, dict[str, Any]]
if EMBEDDED:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "sinergi.sqlite3",
            # Keep connections: opening one per request (and re-running the PRAGMAs) costs
            # throughput and, with several workers, lock waits.
            "CONN_MAX_AGE": None,
            "CONN_HEALTH_CHECKS": True,
            # WAL lets readers and one writer work at once; IMMEDIATE avoids lock upgrades.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
else:
    DATABASES = {"default": dict(dj_database_url.parse(_database_url, conn_max_age=60))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
# Each language named in itself, so nobody needs a translation to find their own.
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"


def _package_static(package: str) -> Path:
    """A wheel's static folder, found without importing the package (django-leaflet's admin
    module needs GDAL; only its Leaflet files are used)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ImproperlyConfigured(f"The {package} package is not installed.")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


STATICFILES_DIRS = [_package_static("leaflet")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = DATA_DIR / "media"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SINERGI_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Email (invitations, agreement alerts): printed to the console by default; "file" writes one
# file per message into <data dir>/mail (browser tests read invitations there); "smtp" sends.
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}
_email_backend = env_str("SINERGI_EMAIL_BACKEND", "console")
if _email_backend not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"SINERGI_EMAIL_BACKEND must be one of {', '.join(_EMAIL_BACKENDS)}; got {_email_backend!r}"
    )
EMAIL_BACKEND = _EMAIL_BACKENDS[_email_backend]
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = env_str("SINERGI_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("SINERGI_EMAIL_PORT", default=587)
EMAIL_HOST_USER = env_str("SINERGI_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("SINERGI_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("SINERGI_EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("SINERGI_EMAIL_FROM", "Sinergi <sinergi@localhost>")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background jobs (atlas imports) in the database; `sinergi serve` runs a worker beside
# gunicorn. SINERGI_TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend runs them
# in the request instead (tests, or an install without a worker).
TASKS = {
    "default": {
        "BACKEND": env_str("SINERGI_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

NINJA_PAGINATION_MAX_LIMIT = 200
SINERGI_MAX_OFFSET = env_int("SINERGI_MAX_OFFSET", default=100_000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SINERGI_LOG_LEVEL", "INFO")},
}
