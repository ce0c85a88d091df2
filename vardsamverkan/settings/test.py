"""Settings for the pytest suite (on the PostgreSQL that DATABASE_URL names)."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Plain storage and whitenoise reading the source folders: no collectstatic needed.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "vardsamverkan-test",
        # As Redis: nothing is thrown out for lack of room (the versions in it least of all).
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    },
    "pages": PAGE_CACHE,  # noqa: F405
    "template_fragments": FRAGMENT_CACHE,  # noqa: F405
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
DEMO_CONTENT_ALLOWED = True
WAGTAILADMIN_BASE_URL = "http://testserver"

# Uploaded files (demo PDFs) go to a throw-away directory, never into the project.
import tempfile  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="vardsamverkan-test-media-"))  # noqa: F405

# Run background tasks in the request/command that enqueues them: no worker needed locally.
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "dokument"],
    }
}
# The site search's query log is handed over only when a test flushes it
# (search.querylog.flush), so no request in a test writes to the database by surprise.
SEARCH_QUERY_LOG_FLUSH_SECONDS = 10**9
# Login throttling (django-axes) needs the request, which Django's test Client.login() does
# not pass to authenticate(). Off for the suite; tests/test_security.py turns it on and
# proves it through the real /admin/login/.
AXES_ENABLED = False
