"""Test settings: the base settings with test defaults (environment still wins, e.g. DATABASE_URL)."""

import os
import tempfile

os.environ.setdefault("MOTCUA_VAR_DIR", tempfile.mkdtemp(prefix="motcua-test-"))
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
os.environ.setdefault("MOTCUA_TASKS_BACKEND", "immediate")
os.environ.setdefault("MOTCUA_LOG_FORMAT", "text")
os.environ.setdefault("MOTCUA_LOG_LEVEL", "WARNING")

from motcua.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; real hashing is Django's job
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
