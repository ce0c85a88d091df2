"""gunicorn settings, all overridable from the environment (see docs/deployment.md)."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Load Django once in the master and fork the workers from it: starting Django and Wagtail
# takes seconds of CPU, and without this every recycled worker pays it again (with a few
# hundred requests per second and max_requests as below, that was a worker start every few
# seconds). vardsamverkan.wsgi opens no database or cache connection at import.
preload_app = True
# Recycle workers now and then (a guard against slow memory growth), not all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 5
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
