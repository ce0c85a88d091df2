"""Settings shared by every environment.

Environment-specific modules (dev, test, production) import everything from here and change
only what must differ. Anything secret or deployment-specific is read from the environment.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "core",
    "pages",
    "agreements",
    "search",
    "subscriptions",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
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
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",  # Wagtail's PostgreSQL search index (GIN indexes)
    "wagtail.contrib.frontend_cache",  # CDN purge on publish, off unless configured
    "axes",  # admin login throttling, see AXES_* below
]

# Order matters for the page cache. The content version is read once per request
# (ContentVersionMiddleware), before the page cache is asked or filled. A cached anonymous
# page is answered right after that (AnonymousPageCacheMiddleware), so none of the
# middleware below runs for it and it never touches the database. A page rendered anew
# passes every middleware below; CacheControlMiddleware then decides, after sessions, CSRF
# and CSP have finished the response, whether it may be shared, and the page cache keeps
# only what it marked public. No LocaleMiddleware: the site has one language, and
# Vary: Accept-Language would split the page cache per browser.
MIDDLEWARE = [
    "core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.ContentVersionMiddleware",
    "core.middleware.AnonymousPageCacheMiddleware",
    "core.middleware.CacheControlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "core.middleware.AdminContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vardsamverkan.urls"
WSGI_APPLICATION = "vardsamverkan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.caching.context_processor",
            ],
        },
    },
]

# Database: PostgreSQL everywhere (Swedish full-text search needs it). DATABASE_URL names it;
# `make run` and `make test` start an embedded server and set it when it is unset
# (scripts/devdb.py). Without it, a local server's database "vardsamverkan" is used.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or "postgres:///vardsamverkan",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# PostgreSQL's JIT compiler pays off in long analytical queries, not in a page's short ones,
# which it compiled for longer than they ran once the register was large
# (docs/performance.md): off for the site's connections.
_options = DATABASES["default"].setdefault("OPTIONS", {})
_options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: the whole site and the admin are Swedish.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("sv", "Svenska")]
# The project's own Swedish for admin strings Wagtail's catalogue lacks (locale/sv/).
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

# Static files and uploads.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads on S3-compatible object storage (django-storages) when a bucket is named, so that
# several web containers share them (docs/deployment.md). Credentials come from
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, which boto3 reads itself. The bucket stays
# private: documents go through Wagtail's view (collection privacy), image renditions get
# signed URLs valid longer than any cached page that holds them.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL"),
            "region_name": env_str("AWS_S3_REGION_NAME"),
            "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN"),
            "location": env_str("AWS_LOCATION", ""),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 7 * 24 * 3600),
        },
    }
    SERVE_MEDIA = False  # nothing under MEDIA_ROOT to serve
WHITENOISE_MAX_AGE = 3600

# Background work (PDF text extraction, e-mail digests, Wagtail's search and reference
# indexing) goes through Django's tasks framework. In production the database backend queues
# it for the `db_worker` process; dev and test settings run tasks immediately instead.
# Two queues, each with its own db_worker: "default" (e-mails, indexing) and "dokument"
# (reading uploaded documents), so a large document never holds up an e-mail.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "dokument"],
    }
}

# Caches (docs/conventions.md §4). "default" (shared by every process: Redis when REDIS_URL
# is set) holds the content version, the shared lookups keyed on it (core.caching.cached)
# and the rate-limit counters. Whole anonymous pages ("pages") and template fragments stay
# in each process's memory, keyed on the content version, so a publication anywhere makes
# every old copy unreachable. With REDIS_URL, Redis sits behind a wrapper that turns an
# outage into cache misses. Without Redis: memory in dev and tests; production overrides
# "default" with files shared by all workers of a container (see production.py).
REDIS_URL = env_str("REDIS_URL")
CACHE_TIMEOUT = 3600
# How long each process keeps its copy of the content version: a publication shows at once
# in the process that handled it and within this many seconds in every other.
CONTENT_VERSION_SECONDS = env_int("CONTENT_VERSION_SECONDS", 1)

if REDIS_URL:
    DEFAULT_CACHE = {
        "BACKEND": "core.cache.FailsafeRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "vardsamverkan",
        "TIMEOUT": CACHE_TIMEOUT,
        # Short timeouts: a Redis that hangs must not hold requests up.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
else:
    DEFAULT_CACHE = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "vardsamverkan",
        "TIMEOUT": CACHE_TIMEOUT,
    }
PAGE_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "vardsamverkan-pages",
    "TIMEOUT": CACHE_TIMEOUT,
    "KEY_FUNCTION": "core.caching.versioned_key",
    "OPTIONS": {"MAX_ENTRIES": 1000},
}
# Template fragments ({% wagtailcache %}/{% wagtailpagecache %}: menu, breadcrumbs, footer,
# page content) stay in each process's memory: their keys hold the content version, so a
# local copy can never be stale.
FRAGMENT_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "vardsamverkan-fragments",
    "TIMEOUT": CACHE_TIMEOUT,
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
CACHES = {"default": DEFAULT_CACHE, "pages": PAGE_CACHE, "template_fragments": FRAGMENT_CACHE}

# Whole-page cache for anonymous visitors (core.middleware.AnonymousPageCacheMiddleware,
# which reads Django's CACHE_MIDDLEWARE_* names). How long a page may be kept, by this cache
# and by browsers and proxies, comes from the Cache-Control header that
# core.middleware.CacheControlMiddleware sets.
CACHE_MIDDLEWARE_ALIAS = "pages"
CACHE_MIDDLEWARE_KEY_PREFIX = "sida"
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 60)

# A CDN or caching reverse proxy in front of the site (Wagtail's frontend cache
# invalidation): off unless configured. FRONTEND_CACHE_PURGE_URL names a proxy that accepts
# HTTP PURGE (Varnish, nginx with a purge module); with Cloudflare, set its zone and token.
# Publishing then purges the page (or the agreement and the register) at once, through the
# task worker; everything else follows within PUBLIC_CACHE_SECONDS.
WAGTAILFRONTENDCACHE = {}
if env_str("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_str("FRONTEND_CACHE_PURGE_URL"),
    }
if env_str("CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env_str("CLOUDFLARE_BEARER_TOKEN"),
        "ZONEID": env_str("CLOUDFLARE_ZONEID"),
    }

# E-mail through Django 6.1's MAILERS: the backend EMAIL_BACKEND names, else the
# environment's default (the console here, SMTP in production.py). SMTP options only apply
# (and are only accepted) for the SMTP backend.
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def mailers(default_backend):
    backend = env_str("EMAIL_BACKEND") or default_backend
    options = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": env_int("EMAIL_TIMEOUT", 20),
        }
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


MAILERS = mailers("django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Vårdsamverkan <noreply@vardsamverkan.se>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Content-Security-Policy (Django's built-in middleware). Public pages get a strict policy:
# nothing inline, nothing from another origin. The Wagtail admin needs inline styles and
# scripts, so core.middleware swaps in ADMIN_CSP under the admin URL prefix only.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
ADMIN_URL_PREFIX = "/admin/"
ADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# The CSRF cookie (set only by pages with a form: survey, subscription, admin) is a session
# cookie: it goes when the browser closes. The Kakor page says so; keep them in step.
CSRF_COOKIE_AGE = None
# Browser features the site never uses are switched off for it and anything it could embed
# (core.middleware.PermissionsPolicyMiddleware; Django has no setting for this).
# Only features Chromium and Firefox recognise: an unknown name is logged as a console error.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "sync-xhr",
        "usb",
        "xr-spatial-tracking",
    ]
}
# The admin may use full screen for itself (Wagtail's editor and previews).
ADMIN_PERMISSIONS_POLICY = {**PERMISSIONS_POLICY, "fullscreen": ["self"]}

# Admin login throttling (django-axes). Failed logins are counted per user name and IP
# address together, and per IP address across every user name: trying many passwords on
# one account and trying one password on many accounts (password spraying) are both cut
# off after AXES_FAILURE_LIMIT failures, for AXES_COOLOFF_TIME. A successful login resets
# the counts of its address, so colleagues behind one shared public address (common in
# hospitals and municipalities) are locked out only by failures nobody followed with a
# right password. The client address is the one the rate limits use
# (core.antispam.client_ip), so it is right behind a load balancer too
# (RATE_LIMIT_TRUSTED_PROXIES). Attempts live in the database, shared by every web
# container. Unlock early: manage.py axes_reset_ip ADDRESS or axes_reset_username NAME.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.antispam.client_ip"
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"
# Successful logins are kept (AccessLog) as an audit trail; manage.py axes_reset_logs
# --age 90 deletes older entries (daily cron, see docs/deployment.md).
AXES_VERBOSE = False

# Wagtail.
WAGTAIL_SITE_NAME = "Vårdsamverkan i Västra Götaland"
# The public address of the site: used for the Wagtail Site record that setup_site creates
# and for absolute links in the admin and in e-mails.
SITE_URL = env_str("SITE_URL", "http://localhost").rstrip("/")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", SITE_URL)
WAGTAIL_I18N_ENABLED = False
# Revision reminders (agreements.reminders): the owning section's editors are reminded this
# many days before an agreement's "Revideras senast", and again when the date has passed.
AGREEMENT_REVIEW_REMINDER_DAYS = env_int("AGREEMENT_REVIEW_REMINDER_DAYS", 30)
# Site search (app ``search``, core in ``core.fulltext``): Wagtail's PostgreSQL database
# backend with Swedish stemming and prefix matching for compounds. After changing
# SEARCH_CONFIG, rebuild the index: ``manage.py wagtail_update_index``.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "core.fulltext.backend",
        "SEARCH_CONFIG": "swedish",
        # pg_trgm similarity for searches that found nothing (typos, ends of compounds).
        "FUZZY_SIMILARITY_THRESHOLD": 0.5,
    }
}
# Search query log (Wagtail's search terms report): daily counts are kept this many days;
# see search/querylog.py for how the log is written without slowing searches down.
WAGTAILSEARCH_HITS_MAX_AGE = env_int("WAGTAILSEARCH_HITS_MAX_AGE", 30)
# How long the shared cache keeps what a search found (per normalised query; any
# publication makes it unreachable at once): the site search (search.results.find) and
# the register's search (agreements.search).
SEARCH_RESULTS_CACHE_SECONDS = env_int("SEARCH_RESULTS_CACHE_SECONDS", 600)
SEARCH_QUERY_LOG_FLUSH_SECONDS = env_int("SEARCH_QUERY_LOG_FLUSH_SECONDS", 60)
# Uploads: documents by extension *and* content (core.uploads.DocumentForm, extended by
# pages.documents.DocumentForm with the accessibility check), images by what Pillow finds
# in them (core.uploads.ImageForm); both by size, and both only while the media storage
# takes files. Messages in Swedish.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "xls", "pptx", "odt", "ods", "txt", "csv"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "pages.documents.DocumentForm"
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("WAGTAILDOCS_MAX_UPLOAD_SIZE", 20 * 1024 * 1024)
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.uploads.ImageForm"
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# No avatars from gravatar.com: the admin would send a hash of each editor's e-mail
# address to a third party (and the admin CSP blocks the images anyway).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["bold", "italic", "ol", "ul", "link", "document-link"]},
    }
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # One line per background task run is noise; failures are still logged.
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
        "wagtail": {"level": env_str("WAGTAIL_LOG_LEVEL", "INFO")},
        # WeasyPrint reports every step of every PDF it makes; its problems are warnings.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
