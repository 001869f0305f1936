"""Conciliare settings: one module, driven by DJANGO_* environment variables."""

from pathlib import Path
from typing import Any

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(
    BASE_DIR / ".env"
)  # developer convenience; production injects env vars

# 1. Django core settings

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "conciliare.accounts.backends.EmailBackend",
    "conciliare.accounts.backends.PasswordBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The default is a file cache shared by the web server and the task worker
# (an import's progress, the public pages the worker invalidates).
CACHES = {
    "default": env.cache_url(
        "DJANGO_CACHE_URL", default=f"filecache://{BASE_DIR / 'var' / 'cache'}"
    )
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # One redis-py client per pool, not one per operation (core/cache_backends.py).
    CACHES["default"]["BACKEND"] = "conciliare.core.cache_backends.RedisCache"
CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=False)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
DATABASES = {
    "default": env.db(
        "DJANGO_DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Choice fields iterate with .iterator(): without this each select costs a
    # DECLARE/FETCH/CLOSE round trip (and it breaks behind PgBouncer).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEBUG = env.bool("DJANGO_DEBUG", default=False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DEFAULT_FROM_EMAIL = env.str(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Conciliare <noreply@conciliare.example>"
)
#: Messages are queued for the task worker, which delivers them through
#: EMAIL_DELIVERY_BACKEND (see conciliare/core/mail.py).
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="conciliare.core.mail.TaskEmailBackend"
)
EMAIL_DELIVERY_BACKEND = env.str(
    "DJANGO_EMAIL_DELIVERY_BACKEND",
    default="django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

INSTALLED_APPS = [
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.humanize",
    "django.contrib.messages",
    "django.contrib.sessions",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    # Third party
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django_cotton.apps.SimpleAppConfig",
    "django_htmx",
    "django_linear_migrations",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "rules.apps.AutodiscoverRulesConfig",
    "template_partials.apps.SimpleAppConfig",
    # Conciliare, in import order (see docs/architecture.md)
    "conciliare.core",
    "conciliare.audit",
    "conciliare.territory",
    "conciliare.accounts",
    "conciliare.registry",
    "conciliare.documents",
    "conciliare.partnerships",
    "conciliare.calls",
    "conciliare.applications",
    "conciliare.projects",
    "conciliare.reviews",
    "conciliare.plans",
    "conciliare.opendata",
    "conciliare.dashboards",
    "conciliare.monitoring",
    "conciliare.portal",
    "conciliare.demo",
]

FORMAT_MODULE_PATH = ["conciliare.core.formats"]
LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGIN_URL = "account_login"
LOGOUT_REDIRECT_URL = "portal:home"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "conciliare.core.middleware.RequestLogMiddleware",
    "conciliare.core.middleware.UrlLocaleMiddleware",
    "conciliare.core.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "conciliare.accounts.middleware.RequireStaffMfaMiddleware",
]

#: Site managers: they receive the accessibility reports (comma-separated e-mails).
MANAGERS = [
    ("Conciliare", address) for address in env.list("DJANGO_MANAGERS", default=[])
]
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
ROOT_URLCONF = "config.urls"
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY",
    default="django-insecure-development-only-key-change-me-in-production-0123456789",
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS", default=False)
SECURE_HSTS_SECONDS = 31_536_000 if env.bool("DJANGO_SECURE_HSTS", default=False) else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=False)
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
STATICFILES_DIRS = [
    BASE_DIR / "conciliare" / "static",
    ("vendor/bootstrap-italia", BASE_DIR / "node_modules/bootstrap-italia/dist"),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "DJANGO_STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

_TEMPLATE_LOADERS: list[Any] = [
    "django_cotton.cotton_loader.Loader",
    "django.template.loaders.filesystem.Loader",
    "django.template.loaders.app_directories.Loader",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "conciliare" / "templates"],
        "OPTIONS": {
            "builtins": [
                "django_cotton.templatetags.cotton",
                "template_partials.templatetags.partials",
                "rules.templatetags.rules",
                "conciliare.core.templatetags.conciliare",
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "conciliare.core.context_processors.site",
            ],
            # The cached loader everywhere except a developer's DEBUG server
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    _TEMPLATE_LOADERS
                    if DEBUG
                    else [("django.template.loaders.cached.Loader", _TEMPLATE_LOADERS)],
                )
            ],
        },
    }
]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True
WSGI_APPLICATION = "config.wsgi.application"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "conciliare.core.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}

# 2. Third-party settings

ACCOUNT_EMAIL_VERIFICATION = env.str(
    "DJANGO_ACCOUNT_EMAIL_VERIFICATION", default="mandatory"
)
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("DJANGO_HTTP_PROTOCOL", default="http")
ACCOUNT_RATE_LIMITS = env.dict("DJANGO_ACCOUNT_RATE_LIMITS", default={}) or {}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Conciliare"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

TASKS = {
    "default": {
        "BACKEND": env.str(
            "DJANGO_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

# 3. Project settings

#: Largest upload accepted by the documents app, in bytes.
DOCUMENT_MAX_UPLOAD_BYTES = env.int(
    "DJANGO_DOCUMENT_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024
)
#: Accessibility reports accepted from one network address per hour.
FEEDBACK_RATE_LIMIT = env.int("DJANGO_FEEDBACK_RATE_LIMIT", default=5)
#: Seconds a public page stays in the cache (invalidated earlier by services).
PUBLIC_CACHE_SECONDS = env.int("DJANGO_PUBLIC_CACHE_SECONDS", default=600)
#: Public dashboards show counts of beneficiaries below this as "< N".
DASHBOARD_MIN_PUBLIC_COUNT = env.int("DJANGO_DASHBOARD_MIN_PUBLIC_COUNT", default=10)
#: The site's address (``https://...``), so links in e-mails are absolute;
#: empty: site-relative links.
SITE_URL = env.str("DJANGO_SITE_URL", default="")
#: Whether staff roles must enrol TOTP before using staff pages.
STAFF_REQUIRE_MFA = env.bool("DJANGO_STAFF_REQUIRE_MFA", default=True)

# When a request reached the site, for deadlines (a call's close time): the
# header the front proxy sets with its arrival time, e.g. nginx
# `proxy_set_header X-Request-Start "t=${msec}";` -> "HTTP_X_REQUEST_START".
# Empty: the moment the view starts (docs/deployment.md, ADR 0013).
REQUEST_START_HEADER = env.str("DJANGO_REQUEST_START_HEADER", default="")
