"""Production: every secret from the environment, HTTPS enforced, no demo content.

The process refuses to start without SECRET_KEY rather than fall back to a known value.
"""

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_required, env_str

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")

# TLS: on by default. SECURE_SSL_REDIRECT=false for a TLS-terminating proxy or a local check;
# the proxy must then set X-Forwarded-Proto so Django knows the original scheme.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# HSTS preload is the domain owner's decision, not the application's: once the browsers'
# preload list holds vardsamverkan.se, every subdomain must serve HTTPS for months even if
# the header is withdrawn. So the header does not ask for preloading unless
# SECURE_HSTS_PRELOAD=true, and the deploy check's reminder about it (W021) is silenced only
# while it is off. See docs/deployment.md.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
CSRF_COOKIE_HTTPONLY = True

# Mail goes out through SMTP unless EMAIL_BACKEND names another backend (EMAIL_HOST, ...).
MAILERS = mailers(SMTP_BACKEND)  # noqa: F405

# How many proxies or load balancers in front of the app append to X-Forwarded-For (0: the
# app is reached directly). The rate limits of the public forms and the admin login
# throttling then count the visitor's address instead of the balancer's (core.antispam).
RATE_LIMIT_TRUSTED_PROXIES = env_int("RATE_LIMIT_TRUSTED_PROXIES", 0)

# Without Redis, the shared cache (content version, lookups, rate limits) must still be
# shared by every gunicorn worker: a publication handled by one worker moves the version on
# for all of them. Files in one directory are (for one container; several containers need
# REDIS_URL, see docs/deployment.md).
if not REDIS_URL:  # noqa: F405
    CACHES["default"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("CACHE_DIR", "/tmp/vardsamverkan-cache"),  # noqa: S108
        "TIMEOUT": CACHE_TIMEOUT,  # noqa: F405
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }

DEMO_CONTENT_ALLOWED = False
