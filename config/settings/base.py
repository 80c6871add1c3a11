"""Settings shared by every environment.

Defaults here make a fresh checkout run on its own: SQLite in var/ and a filesystem Celery broker
when DATABASE_URL / REDIS_URL are unset. production.py removes every default that touches secrets.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("APP_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-change-me-in-production-0123456789")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "axes",
    "csp",
    "django_htmx",
    "bootstrap_italia_template",
    "core",
    "governance",
    "subambiti",
    "territory",
    "agreements",
    "budgets",
    "coprogettazione",
    "assemblies",
    "documents",
]

MIDDLEWARE = [
    "config.middleware.ApiErrorFormatMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.NoStoreMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during the request into the refusal.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "governance.context_processors.acting_roles",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user:pass@host:port/name) or the embedded SQLite default.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "governance.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# No guardian "AnonymousUser" row: anonymous visitors get nothing by object permission.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_MONKEY_PATCH_USER = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# E-mail: SMTP when EMAIL_HOST is set (the server's answer to each message is recorded); otherwise messages are
# kept in the app and shown there (core/mail.py), so nothing leaves the machine by accident.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
EMAIL_BACKEND = "core.mail.AnsweringSMTPBackend" if EMAIL_HOST else "core.mail.KeptEmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ambiti-sociali@localhost")
# The calendar invitations' identity (UID@domain) and the address of the app in messages.
APP_DOMAIN = env_str("APP_DOMAIN", "ambiti-sociali.local")
APP_BASE_URL = env_str("APP_BASE_URL", "http://127.0.0.1:8000")
# Assemblies II (docs/assemblies.md): an act stays on the notice board this many consecutive days (art. 124
# D.Lgs. 267/2000), then moves to the public archive; the Ufficio di Piano is reminded of each yearly deadline
# this many days before it (once); a mandate or seat ending within this many days shows on the board.
PUBLICATION_DAYS = env_int("PUBLICATION_DAYS", 15)
DEADLINE_REMINDER_DAYS = env_int("DEADLINE_REMINDER_DAYS", 30)
MANDATE_WARNING_DAYS = env_int("MANDATE_WARNING_DAYS", 60)
# Territorial profile: counts of people assisted below this are suppressed in every output (territory/rules.py).
TERRITORY_SMALL_COUNT_THRESHOLD = env_int("TERRITORY_SMALL_COUNT_THRESHOLD", 3)

# Content-Security-Policy (django-csp): scripts only from the app's own files, never inline; styles may be
# inline because Bootstrap Italia and Redoc inject <style> elements; nothing is framed or fetched elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Password guessing (config/lockout.py, django-axes): failures counted per account and per address within
# the lockout window; past the limit, attempts are refused for that long.
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
AXES_FAILURE_LIMIT = "config.lockout.failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "config.lockout.LoginAttemptHandler"
AXES_LOCKOUT_CALLABLE = "config.lockout.lockout_response"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: Italian first, English available.
LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
# WhiteNoise warns on every request when STATIC_ROOT is missing (development does not collect static files).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Development serves static files straight from the apps (WhiteNoise finders, no collectstatic);
# production collects them once, hashed and compressed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
# Bootstrap Italia comes from the design-django-theme package, served locally: no CDN.
DJANGO_BOOTSTRAP_ITALIA_USE_CDN = False

# Digital signatures (docs/signing.md). Uploaded signatures must chain to one of these CA certificates
# (PEM or DER files; in production the qualified providers' roots from the EU trusted list).
SIGNATURE_TRUST_ANCHORS = env_list("SIGNATURE_TRUST_ANCHORS", [])
# The local test CA: its root is trusted as well, and signatories can sign with a certificate it issues
# from the agreement's page (the built-in signer). For demos and tests; off in production.
SIGNATURE_TEST_CA = env_bool("SIGNATURE_TEST_CA", True)
SIGNATURE_TEST_CA_DIR = Path(env_str("SIGNATURE_TEST_CA_DIR", str(VAR_DIR / "testca")))
# Largest signed PDF accepted on upload.
SIGNATURE_MAX_UPLOAD_MB = env_int("SIGNATURE_MAX_UPLOAD_MB", 20)
# A receipt attached to an expense report (PDF, JPEG or PNG).
RECEIPT_MAX_UPLOAD_MB = env_int("RECEIPT_MAX_UPLOAD_MB", 20)

# Redis (cache and Celery broker) when REDIS_URL is set; otherwise a filesystem broker in var/.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    _broker_dir = VAR_DIR / "broker"
    # The filesystem transport and result backend need their folders before any process touches them.
    for _folder in ("broker/queue", "broker/processed", "broker/control", "celery-results"):
        (VAR_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{VAR_DIR / 'celery-results'}"
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Renders that survive a dead worker (docs/documents-rendering.md): a render may take RENDER_TIME_LIMIT
# seconds (then the worker kills it, and the document may be asked for again); a task whose worker died is
# handed to another at once (a pool process) or after CELERY_REDELIVERY_SECONDS (the whole worker; Redis'
# visibility timeout, which must exceed the longest task). Kombu looks for such tasks every
# interval x throttle seconds (100 by default, more than the timeout itself): every few seconds instead, a
# cheap scan of one sorted set.
RENDER_TIME_LIMIT = env_int("RENDER_TIME_LIMIT", 60)
RENDER_MAX_ATTEMPTS = env_int("RENDER_MAX_ATTEMPTS", 5)
CELERY_REDELIVERY_SECONDS = env_int("CELERY_REDELIVERY_SECONDS", 90)


def redelivery_transport_options(seconds: int) -> dict[str, object]:
    return {
        "visibility_timeout": seconds,
        "unacked_restore_interval": max(1, min(10, seconds // 4)),
        "unacked_restore_throttle": 1,
    }


if REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = redelivery_transport_options(CELERY_REDELIVERY_SECONDS)
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.conventions.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.conventions.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ambiti — API",
    "DESCRIPTION": "Registro degli ambiti territoriali sociali (enti, ambiti, sub-ambiti, persone, incarichi, "
    "organi e componenti) e accordi (parti, testo e versioni, stati, clausole economiche, PDF e firme digitali). "
    "Autenticazione: header `Authorization: Token <chiave>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for the precision of a date an act states in part (party signatures, entry into force).
    "ENUM_NAME_OVERRIDES": {"DatePrecisionEnum": "agreements.models.DatePrecision"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No codice fiscale in any log line (config/logging.py), whoever writes it.
    "filters": {"no_tax_codes": {"()": "config.logging.RedactTaxCodes"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["no_tax_codes"]}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint and fontTools narrate every rendering step at INFO.
        **{name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
        # The development server's access log goes through the same filtered handler.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    "recover-stuck-renders": {
        "task": "documents.tasks.recover_stuck_renders",
        "schedule": 60.0,
    },
    "expire-agreements": {
        "task": "agreements.tasks.expire_agreements",
        "schedule": crontab(hour=0, minute=30),
    },
    "remind-deadlines": {
        "task": "assemblies.tasks.remind_deadlines",
        "schedule": crontab(hour=7, minute=0),
    },
    "refresh-role-permissions": {
        "task": "governance.tasks.refresh_role_permissions",
        "schedule": crontab(hour=2, minute=15),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
