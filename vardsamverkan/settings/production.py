"""Production: every secret from the environment, HTTPS enforced, no demo content.

The process refuses to start without SECRET_KEY rather than fall back to a known value.
"""

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_required

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")

# TLS: on by default. SECURE_SSL_REDIRECT=false for a TLS-terminating proxy or a local check;
# the proxy must then set X-Forwarded-Proto so Django knows the original scheme.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
CSRF_COOKIE_HTTPONLY = True

DEMO_CONTENT_ALLOWED = False
