"""Test settings: always real PostgreSQL and Redis (bin/test starts them)."""

import os
import tempfile
from pathlib import Path
from typing import Any

import dj_database_url

from config.env import env_str
from config.settings.base import *

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-used-anywhere-else-0123456789abcdef"  # noqa: S105
DATABASE_URL = env_str("DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/governance")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
# Test data need not survive a crash: commits do not wait for the WAL flush (the suite commits a lot:
# transactional tests, the live server, the Celery worker).
DATABASES["default"]["OPTIONS"] = {"options": "-c synchronous_commit=off"}
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/14")
# pytest-xdist runs the suite in several processes (gw0, gw1, ...): each gets its own Redis database, so a
# Celery worker started by one process never takes another's tasks. (pytest-django already gives each
# process its own PostgreSQL test database.)
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER:
    _server, _, _db = REDIS_URL.rpartition("/")
    REDIS_URL = f"{_server}/{(int(_db or 0) - 1 - int(_XDIST_WORKER.removeprefix('gw'))) % 16}"
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_BROKER_TRANSPORT_OPTIONS = redelivery_transport_options(CELERY_REDELIVERY_SECONDS)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "it"
# A fresh test CA per run, outside the working tree (its keys are generated on first use).
SIGNATURE_TEST_CA = True
SIGNATURE_TEST_CA_DIR = Path(tempfile.mkdtemp(prefix="governance-testca-"))

# Every log line of a test run also goes to one file per process, in a directory the whole run shares (the
# first process picks it; pytest-xdist's processes inherit it): tests/conftest.py greps them for codici
# fiscali when the run ends.
if not os.environ.get("TEST_LOG_DIR"):
    os.environ["TEST_LOG_DIR"] = tempfile.mkdtemp(prefix="governance-test-logs-")
TEST_LOG_DIR = Path(os.environ["TEST_LOG_DIR"])
TEST_LOG_DIR.mkdir(parents=True, exist_ok=True)
_handlers: dict[str, Any] = LOGGING["handlers"]  # type: ignore[assignment]
_root: dict[str, Any] = LOGGING["root"]  # type: ignore[assignment]
_handlers["suite_file"] = {
    "class": "logging.FileHandler",
    "filename": str(TEST_LOG_DIR / f"{_XDIST_WORKER or 'main'}.log"),
    "formatter": "plain",
    "filters": ["no_tax_codes"],
}
_root["handlers"] = [*_root["handlers"], "suite_file"]
