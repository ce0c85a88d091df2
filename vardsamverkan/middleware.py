"""Project-wide middleware that is about infrastructure, not about any one app's domain."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse


class HealthCheckMiddleware:
    """Answer ``/healthz`` before anything else runs.

    First in the stack so that load balancers and container runtimes, which probe by IP
    address, are not turned away by ALLOWED_HOSTS or redirected to HTTPS. It reports
    whether the database answers; 503 tells the balancer to take this instance out.
    """

    path = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != self.path:
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except Exception as exc:  # noqa: BLE001 - any failure means "not healthy"
            response = JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
        else:
            response = JsonResponse({"status": "ok", "database": "ok"})
        response["Cache-Control"] = "no-store"
        return response


class AdminContentSecurityPolicyMiddleware:
    """Relax the Content-Security-Policy under the Wagtail admin only.

    Public pages get the strict ``SECURE_CSP``. The Wagtail admin relies on inline scripts and
    styles, so its responses get ``ADMIN_CSP`` instead. Listed after Django's CSP middleware,
    so this runs first on the way out and the CSP middleware picks up ``_csp_config``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(settings.ADMIN_URL_PREFIX) and not hasattr(
            response, "_csp_config"
        ):
            response._csp_config = settings.ADMIN_CSP
        return response
