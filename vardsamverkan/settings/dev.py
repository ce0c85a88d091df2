"""Local demo and development: debug on, mail to the console, tasks run at once."""

from .base import *  # noqa: F403
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = ["*"]
# Plain storage and whitenoise reading the source folders: no collectstatic needed.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
DEMO_CONTENT_ALLOWED = True
# The demo's own address (make run serves it on PORT), so links in the e-mails Wagtail
# sends (workflow notifications with preview and edit links) open the demo.
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_str('PORT', '8000')}").rstrip("/")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", SITE_URL)
LOGGING["loggers"]["wagtail"]["level"] = env_str("WAGTAIL_LOG_LEVEL", "WARNING")  # noqa: F405

# Run background tasks in the request/command that enqueues them: no worker needed locally.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
