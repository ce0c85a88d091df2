"""Configuration comes from the environment; production refuses to start without a secret.

Each test loads the settings in a fresh Python process, as a server would start.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UNSET = {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}

pytestmark = pytest.mark.slow


def load_settings(module, **env):
    """Start Django with ``module`` and only ``env`` set of the variables in UNSET."""
    clean = {k: v for k, v in os.environ.items() if k not in UNSET}
    clean.update(env)
    code = (
        "import django, json; from django.conf import settings as s; django.setup(); "
        "db = s.DATABASES['default']; "
        "print(json.dumps({'debug': s.DEBUG, 'ssl': getattr(s, 'SECURE_SSL_REDIRECT', None), "
        "'hosts': s.ALLOWED_HOSTS, 'lang': s.LANGUAGE_CODE, 'tz': s.TIME_ZONE, "
        "'cache': s.CACHES['default']['BACKEND'], 'db': db['ENGINE'], 'db_name': db['NAME']}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": module},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = load_settings("vardsamverkan.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_reads_its_configuration_from_the_environment():
    result = load_settings(
        "vardsamverkan.settings.production",
        SECRET_KEY="a-long-random-secret-for-this-test-only-0123456789",
        ALLOWED_HOSTS="www.vardsamverkan.se,vardsamverkan.se",
        DATABASE_URL="postgres://user@db.example.org:5432/vardsamverkan",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is False
    assert values["ssl"] is True
    assert values["hosts"] == ["www.vardsamverkan.se", "vardsamverkan.se"]
    assert values["lang"] == "sv"
    assert values["tz"] == "Europe/Stockholm"
    assert values["cache"].endswith("RedisCache")
    assert values["db"].endswith("postgresql")


def test_ssl_redirect_can_be_turned_off_for_a_tls_terminating_proxy():
    result = load_settings(
        "vardsamverkan.settings.production",
        SECRET_KEY="a-long-random-secret-for-this-test-only-0123456789",
        SECURE_SSL_REDIRECT="false",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ssl"] is False


def test_without_database_url_the_site_uses_a_local_postgresql():
    result = load_settings("vardsamverkan.settings.dev")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["db"] == "django.db.backends.postgresql"
    assert values["db_name"] == "vardsamverkan"
