"""WSGI entry point used by gunicorn (production settings unless told otherwise).

gunicorn loads this module once in its master process (``preload_app``) and forks the
workers from it, so what ``warm_up`` prepares here is shared by every worker and by every
worker that replaces a recycled one, instead of being paid again on their first requests.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vardsamverkan.settings.production")

application = get_wsgi_application()


def warm_up():
    """Build the URL resolver and compile the site's own templates ahead of the first request.

    Nothing here opens a database or cache connection: a connection made before the fork
    would be shared by every worker.
    """
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    base = Path(settings.BASE_DIR)
    roots = [Path(directory) for directory in settings.TEMPLATES[0]["DIRS"]]
    roots += [
        Path(app.path) / "templates"
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(base)  # the project's apps, not Wagtail's admin
    ]
    for root in roots:
        for template in sorted(root.rglob("*.html")):
            try:
                get_template(template.relative_to(root).as_posix())
            except (TemplateDoesNotExist, TemplateSyntaxError):
                pass  # reported where the template is used, as it would be without this


warm_up()
