"""Production: refuses to start without the secrets and hosts it needs, or with DEBUG on."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", False)

# Known values a production secret must never have: the development and test keys, and the
# development default of each salt. Keep in step with dev.py, test.py and base.py.
KNOWN_DEFAULT_SECRETS = {
    "dev-only-insecure-key-never-use-in-production",
    "test-only-key",
    "leisurelab-reactions",
}

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production: it shows settings and code.")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
if (
    SECRET_KEY in KNOWN_DEFAULT_SECRETS
    or SECRET_KEY.startswith("django-insecure")
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "SECRET_KEY is a default or too weak: use at least 50 random characters."
    )
if not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment for production.")

# --- Several app servers (docs/deploy.md) ----------------------------------------------------
# Every node must share the database and the cache: a node that quietly fell back to its own
# SQLite file or file cache would serve other data, sessions and rate limits than its peers.
# SINGLE_NODE=true allows that for one process on one machine (the benchmark), never more.
if not env_bool("SINGLE_NODE", False):
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            raise ImproperlyConfigured(f"{name} must be set in the environment for production.")
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
# HSTS: browsers use only https for a year, on every subdomain too. The header offers the
# domain for the browsers' preload list (submitting it is a separate, deliberate step at
# hstspreload.org, and hard to undo); SECURE_HSTS_PRELOAD=false leaves the offer out.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if not SECURE_HSTS_PRELOAD:
    # W021 only says "cannot be preloaded": the operator chose exactly that.
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]
if SECURE_HSTS_SECONDS < 365 * 24 * 60 * 60:
    raise ImproperlyConfigured("SECURE_HSTS_SECONDS must be at least a year (31536000).")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {**CONTENT_SECURITY_POLICY["DIRECTIVES"], "upgrade-insecure-requests": True}
}
