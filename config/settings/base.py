"""Settings shared by every environment.

Everything that differs between machines comes from the environment, with defaults that are
safe for a developer's laptop: SQLite under var/, console mail, DEBUG off unless dev.py says so.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "projects",
    "events",
    "membership",
    "django_comments_xtd",
    "django_comments",
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and authentication: a hit costs one cache round trip and nothing else.
    "home.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "home.pagecache.AnonymousWithoutSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite under var/ unless DATABASE_URL names another database (PostgreSQL in production).
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            # Writers queue for the lock at the start of a transaction instead of failing
            # halfway with "database is locked" when two visitors post at once.
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache is shared by every server process, so an invalidation in one holds for all:
# Redis when REDIS_URL is set (production), otherwise files under var/.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # RedisCache that reads as empty while Redis is away, instead of failing pages.
            "BACKEND": "home.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "leisurelab"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
        }
    }

# Rate limits of the public forms count in the shared cache. Only Redis increments atomically
# across processes; with the file cache (development) the limits are approximate.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "home.views.rate_limited"
RATELIMIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY") or None
# While Redis is away the limits cannot count: forms keep working (honeypot and fill time
# still apply) rather than refusing every post.
RATELIMIT_FAIL_OPEN = True
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if not REDIS_URL:
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# The shared page cache (home/pagecache.py, README "Page cache"). Anonymous pages are kept at
# most PAGE_CACHE_MAX_AGE seconds (a safety net: changes invalidate them at once); only the
# query parameters that pages read make a separate entry.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "300"))
PAGE_CACHE_QUERY_PARAMS = ("page", "tag", "soort", "vorm")
# A result state after a post, or a search: never from the cache.
PAGE_CACHE_BYPASS_PARAMS = ("reactie", "aanmelding", "q")
PAGE_CACHE_SKIP_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/zoeken/",
    "/formulier-token/",
    "/static/",
    "/media/",
    "/documents/",
)
# A form from a cached page without its token is shown again, not refused (home.formtokens).
CSRF_FAILURE_VIEW = "home.formtokens.csrf_failure"

# Public forms: a post sent sooner than this after the form was shown is refused as a bot.
FORM_MIN_FILL_SECONDS = int(os.environ.get("FORM_MIN_FILL_SECONDS", "3"))
# Signed links in mails (confirmations, cancellations) expire after this many days.
SIGNED_LINK_MAX_AGE_DAYS = 7

# Slow work (mail) runs through django-tasks: at once in development and tests, queued in the
# database and run by `manage.py db_worker` in production (see production.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

SITE_ID = 1

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Mail: console in development; production.py reads SMTP settings from the environment.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Leisure Lab Limburg <noreply@leisurelablimburg.nl>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Wagtail
WAGTAIL_SITE_NAME = "Leisure Lab Limburg"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No personal data to third parties: the admin shows no Gravatar avatars either.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
TAGGIT_CASE_INSENSITIVE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Reactions (django-comments-xtd)
# The engine of the reactions under project pages; projects/ builds moderation in the Wagtail
# admin, the confirmation and notification mails, and the spam defences around it.
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_FORM_CLASS = "projects.forms.ReactionForm"
COMMENTS_XTD_CONFIRM_EMAIL = True
# Salts the package's signed confirmation keys (with SECRET_KEY); its own value per installation.
COMMENTS_XTD_SALT = os.environ.get("COMMENTS_XTD_SALT", "leisurelab-reactions").encode()
COMMENTS_XTD_MAX_THREAD_LEVEL = 1  # a reaction, and one level of replies to it
COMMENTS_XTD_THREADED_EMAILS = False  # the package sends no mail of its own; see projects/
COMMENTS_XTD_DEFAULT_FOLLOWUP = False
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "projects.projectpage": {
        "who_can_post": "all",
        "allow_flagging": False,
        "allow_feedback": False,
        "show_feedback": False,
    }
}
COMMENT_MAX_LENGTH = 3000
# How long a reaction form stays valid (django_comments' signed timestamp), in seconds.
COMMENTS_TIMEOUT = 60 * 60 * 24
# The purge_reaction_ips command forgets the IP address of reactions older than this.
REACTION_IP_RETENTION_DAYS = 30
