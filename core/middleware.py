"""Project-wide middleware that is about infrastructure, not about any one app's domain."""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.utils.cache import get_max_age
from django.utils.http import split_directive_names
from django.views.decorators.csp import csp_override


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
    styles, so everything under the admin prefix (views, and responses of the middleware
    below this one such as the login lockout) is wrapped in Django's ``csp_override`` with
    ``ADMIN_CSP``. Listed after Django's CSP middleware, which then applies it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_response = csp_override(settings.ADMIN_CSP)(get_response)

    def __call__(self, request):
        if request.path.startswith(settings.ADMIN_URL_PREFIX):
            return self.admin_response(request)
        return self.get_response(request)


def _may_be_signed_in(request):
    """True if the request carries a session cookie. Only then can the visitor be signed in;
    checking the cookie instead of ``request.user`` keeps anonymous requests from touching
    the session (which would add ``Vary: Cookie`` and split the page cache per visitor)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


class CacheControlMiddleware:
    """Who may keep a copy of a response, and for how long.

    Anonymous GETs of public pages: ``public, max-age=PUBLIC_CACHE_SECONDS``, so a reverse
    proxy or CDN (and this site's own page cache, which reads the same header) may keep them
    briefly. Never shared: anything for a signed-in editor, the admin and previews, responses
    that carry a CSRF token (forms) or set a cookie, and errors. A view that set its own
    Cache-Control (e.g. ``never_cache``) keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils.cache import patch_cache_control

        response = self.get_response(request)
        if "Cache-Control" in response:
            return response
        shareable = (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not request.path.startswith(settings.ADMIN_URL_PREFIX)
            and not _may_be_signed_in(request)
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not response.cookies
        )
        if shareable:
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        else:
            patch_cache_control(response, private=True, no_cache=True, no_store=True, max_age=0)
        return response


class AnonymousPageCacheMiddleware:
    """Whole pages for anonymous visitors, kept in this process until content changes.

    It keeps what ``CacheControlMiddleware`` marked ``public`` (a GET answered 200, no cookie
    set, no ``Vary``) for the response's ``max-age``, under the URL and the content version
    (the "pages" cache's KEY_FUNCTION), and answers the next anonymous GET or HEAD of the same
    URL with it before anything below runs: no session, no URL resolving, no database. A
    visitor with a session cookie (an editor) always gets a page rendered for them and fills
    nothing. The storage is a Django cache (``CACHE_MIDDLEWARE_ALIAS``: local memory with a
    bounded number of entries, emptied by ``core.caching.content_changed``).

    Why not Django's ``UpdateCacheMiddleware``/``FetchFromCacheMiddleware``: they serve
    shared caches in front of responses that may vary by request header, so every hit costs
    two look-ups (the list of Vary headers, then the page). This site's public pages never
    vary by request header (one language, nothing personal for anonymous visitors, and a
    response that says ``Vary`` is simply not kept), so one look-up of the finished bytes
    does. ``Age`` tells a proxy in front how much of the ``max-age`` has already passed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def key(request):
        query = request.META.get("QUERY_STRING", "")
        url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
        digest = hashlib.md5(url.encode("utf-8", "surrogatepass"), usedforsecurity=False)
        return f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}:{digest.hexdigest()}"

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or _may_be_signed_in(request):
            return self.get_response(request)
        cache = caches[settings.CACHE_MIDDLEWARE_ALIAS]
        key = self.key(request)
        stored = cache.get(key)
        if stored is not None:
            stored_at, status, headers, content = stored
            # A HEAD gets the headers only (Content-Length still tells the GET's length).
            body = b"" if request.method == "HEAD" else content
            response = HttpResponse(body, status=status, headers=headers)
            response["Age"] = str(max(0, int(time.time() - stored_at)))
            return response
        response = self.get_response(request)
        if request.method == "GET" and (max_age := self.shareable_for(response)):
            stored = (time.time(), response.status_code, dict(response.items()), response.content)
            cache.set(key, stored, max_age)
        return response

    @staticmethod
    def shareable_for(response):
        """Seconds the response may be kept for every anonymous visitor, or None."""
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or response.has_header("Vary")
            or not getattr(response, "is_rendered", True)
        ):
            return None
        directives = set(split_directive_names(response.get("Cache-Control", "")))
        if "public" not in directives or directives & {"private", "no-cache", "no-store"}:
            return None
        return get_max_age(response) or None


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy``: switch off browser features the site never uses.

    Django has no setting for this header. The policy comes from ``PERMISSIONS_POLICY``
    (``ADMIN_PERMISSIONS_POLICY`` under the admin); a view that set its own header keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.public = self.build(settings.PERMISSIONS_POLICY)
        self.admin = self.build(settings.ADMIN_PERMISSIONS_POLICY)

    @staticmethod
    def build(policy):
        return ", ".join(
            f"{feature}=({' '.join(allow)})" for feature, allow in sorted(policy.items())
        )

    def __call__(self, request):
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            admin = request.path.startswith(settings.ADMIN_URL_PREFIX)
            response["Permissions-Policy"] = self.admin if admin else self.public
        return response


class ContentVersionMiddleware:
    """Read the content version once for the whole request (core.caching).

    It keys every cached page, fragment and shared lookup; pinning it before the page cache
    is asked means a page is stored under the version it was rendered from, even if
    something is published while it renders. Static files are answered above, untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from core.caching import pinned_content_version

        with pinned_content_version():
            return self.get_response(request)
