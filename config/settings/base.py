"""Settings shared by every environment.

Everything that differs between machines comes from the environment, with defaults that are
safe for a developer's laptop: SQLite under var/, console mail, DEBUG off unless dev.py says so.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF

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
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise, so static files skip them; above everything that reads the body.
    "home.middleware.PermissionsPolicyMiddleware",
    "home.middleware.SiteCSPMiddleware",
    "home.middleware.RequestBodyLimitMiddleware",
    # Below the header middleware, so a hit gets this response's headers; before sessions and
    # authentication: a hit costs one cache round trip and nothing else.
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
    # Last, as django-axes asks: turns a refused sign-in into home.loginlock's answer.
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
# The visitor's address comes from home.clientip (see TRUSTED_PROXY_COUNT below).
RATELIMIT_IP_META_KEY = "home.clientip.client_ip_key"
# Nothing silenced: django_ratelimit is not an installed app, so its cache checks do not run
# (production uses Redis, which increments atomically across processes).
SILENCED_SYSTEM_CHECKS = []
# While Redis is away the limits cannot count: forms keep working (honeypot and fill time
# still apply) rather than refusing every post.
RATELIMIT_FAIL_OPEN = True

# Client IP behind reverse proxies: how many proxies in front of the app append to
# X-Forwarded-For (nginx: 1; Varnish behind nginx: 2). 0 ignores the header (REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT < 0:
    raise ValueError("TRUSTED_PROXY_COUNT must be 0 or more.")

# The shared page cache (home/pagecache.py, README "Page cache"). Anonymous pages are kept at
# most PAGE_CACHE_MAX_AGE seconds (a safety net: changes invalidate them at once); only the
# query parameters that pages read make a separate entry.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "300"))
PAGE_CACHE_QUERY_PARAMS = ("page", "tag", "soort", "vorm", "sector", "plaats")
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

# Admin sign-in lockout (django-axes, see home/loginlock.py): its backend goes first, so a
# locked-out attempt is refused before ModelBackend hashes the password. AxesBackend rather
# than AxesStandaloneBackend: Wagtail's test helpers log in with the first backend, which
# then must find users too (AxesBackend is a ModelBackend that does not authenticate).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "home.loginlock.LoginLockHandler"
AXES_FAILURE_LIMIT = 5  # per username
AXES_IP_FAILURE_LIMIT = 20  # per IP address
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout are refused without being counted: the lockout ends 15 minutes
# after it began, as the message says, however often someone keeps trying.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "home.loginlock.lockout_response"
AXES_CLIENT_IP_CALLABLE = "home.clientip.client_ip_key"
AXES_ENABLE_ADMIN = False  # the records are for the command line (README), not for editors
# No history of successful sign-ins (IP address, browser) kept for ever: failures are kept
# only as long as they count, and that is all the lockout needs.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

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

# Request bodies. Django's own limit on the number of fields (1,000) holds for the admin too:
# a page with about 150 body blocks fits (each block posts 5 to 7 fields).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# home.middleware.RequestBodyLimitMiddleware refuses larger bodies (413) before parsing.
PUBLIC_MAX_BODY_SIZE = 1024 * 1024
ADMIN_MAX_BODY_SIZE = int(os.environ.get("ADMIN_MAX_BODY_SIZE", str(25 * 1024 * 1024)))
ADMIN_URL_PREFIXES = ["/admin/", "/django-admin/"]

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
# No SVG or HTML among uploads: both can carry scripts that would run on our origin.
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# A small file can declare a huge image; decoding 40 megapixels takes ~160 MB, not gigabytes.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
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

# Security headers (README, "Security"). SecurityMiddleware sends these two on every response;
# HSTS and the https redirect are in production.py.
SECURE_REFERRER_POLICY = "same-origin"  # stricter than strict-origin-when-cross-origin
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Features no page of ours uses, denied to the page and everything embedded in it.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# Videos (the embed block) may go full screen.
EMBED_ORIGINS = env_list(
    "EMBED_ORIGINS",
    "https://www.youtube-nocookie.com,https://www.youtube.com,https://player.vimeo.com",
)
PERMISSIONS_POLICY["fullscreen"] = ["self", *(f'"{origin}"' for origin in EMBED_ORIGINS)]


def origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


# Content-Security-Policy (django-csp 4): no inline script runs unless it carries the request's
# nonce (request.csp_nonce; the event pages' JSON-LD has it). Our own origin, and the media
# host when uploads live elsewhere (object storage), are the only sources.
MEDIA_ORIGINS = [origin for origin in [origin_of(MEDIA_URL)] if origin]
# The Wagtail userbar on public pages loads its files from WAGTAILADMIN_BASE_URL.
ADMIN_ORIGINS = [origin for origin in [origin_of(WAGTAILADMIN_BASE_URL)] if origin]
# Where browsers report violations, if anywhere (e.g. a report-uri.com address).
_CSP_REPORT_URI = os.environ.get("CSP_REPORT_URI", "")
_CSP_REPORTING = {"report-uri": [_CSP_REPORT_URI]} if _CSP_REPORT_URI else {}
_SITE_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, *ADMIN_ORIGINS, NONCE],
    "style-src": [SELF, *ADMIN_ORIGINS],
    "img-src": [SELF, "data:", *MEDIA_ORIGINS],
    "media-src": [SELF, *MEDIA_ORIGINS],
    "font-src": [SELF, *ADMIN_ORIGINS],
    "connect-src": [SELF, *ADMIN_ORIGINS],
    "frame-src": [SELF, *EMBED_ORIGINS],
    "manifest-src": [SELF],
    "frame-ancestors": [NONE],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    **_CSP_REPORTING,
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _SITE_DIRECTIVES}
# The Wagtail admin runs inline scripts and style attributes of its own: enforced there is
# what does not touch them; the site's strict policy is reported only (home.middleware).
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "frame-ancestors": [SELF],  # the admin previews pages in a frame of its own
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        **_CSP_REPORTING,
    }
}
ADMIN_CONTENT_SECURITY_POLICY_REPORT_ONLY = {
    "DIRECTIVES": {**_SITE_DIRECTIVES, "frame-ancestors": [SELF]}
}

# --- Several app servers (docs/deploy.md) ----------------------------------------------------
# Everything a node needs to be stateless comes from the environment; with none of it set the
# site runs as one process on a laptop, as before.

# Sessions in the cache with the database behind: a read costs one cache round trip, and a
# restarted node or a flushed (or unreachable) Redis logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Image renditions get their own cache alias (Wagtail uses "renditions" when it exists): with
# media on S3, a rendition found there spares a round trip to the object store, and clearing
# the page caches leaves it alone.
CACHES["renditions"] = {
    **CACHES["default"],
    **(
        {"KEY_PREFIX": f"{CACHES['default'].get('KEY_PREFIX', 'leisurelab')}-renditions"}
        if REDIS_URL
        else {"LOCATION": VAR_DIR / "cache-renditions"}
    ),
}

# A database that does not answer must not hold every request until gunicorn kills the worker:
# connecting gives up after a few seconds, and the site answers 503 (home.health).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")
    )

# Media (images, renditions) and documents on S3-compatible object storage when a bucket is
# named, so every node sees every upload. Public URLs without signatures (cached HTML must not
# carry links that expire), and an upload never replaces an existing file of the same name.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            # Keys: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, read by boto3 from the env.
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # A CDN or the bucket's public host name, e.g. media.leisurelablimburg.nl.
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "url_protocol": os.environ.get("AWS_S3_URL_PROTOCOL", "https:"),
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }
    # Documents go through Django, which checks collection privacy; a redirect to the bucket
    # would hand out a URL that works for anyone.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Wagtail purges a page from every Varnish node named here when it is published or unpublished
# (as a django-tasks job, run by the worker); home.frontcache.purge_all() bans everything.
VARNISH_URLS = env_list("VARNISH_URLS")
if VARNISH_URLS:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        f"varnish{number}": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": url,
        }
        for number, url in enumerate(VARNISH_URLS, start=1)
    }

# The health endpoint for the load balancer's probes answers before any other middleware (no
# host check, no HTTPS redirect, no session), so a probe by IP address works.
MIDDLEWARE.insert(0, "home.health.HealthCheckMiddleware")
# The rate limits count per client address; every client of a test cluster on one machine is
# 127.0.0.1, so a load test there switches them off. Never in production.
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
