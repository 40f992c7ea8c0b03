import os
import subprocess
import sys
from pathlib import Path

from django.contrib.sites.models import Site as DjangoSite

from wagtail.models import Site

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
CLUSTER_VARIABLES = {
    "REDIS_URL",
    "COMMENTS_XTD_SALT",
    "SINGLE_NODE",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_CUSTOM_DOMAIN",
    "VARNISH_URLS",
    "RATELIMIT_ENABLE",
}
# What a production node needs besides SECRET_KEY and ALLOWED_HOSTS.
NODE_ENV = {
    "DATABASE_URL": "postgres://leisure@db.example:5432/leisurelab",
    "REDIS_URL": "redis://cache.example:6379/0",
    "COMMENTS_XTD_SALT": "een-eigen-zout",
}


def settings_value(module: str, expression: str, **env: str) -> subprocess.CompletedProcess:
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
        and key not in CLUSTER_VARIABLES
    }
    clean_env.update(env)
    code = f"import {module} as s; print({expression})"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


class ProductionSettingsTests:
    def test_refuses_to_start_without_secret_key(self):
        result = settings_value(
            "config.settings.production", "s.DEBUG", ALLOWED_HOSTS="x.nl", **NODE_ENV
        )
        assert result.returncode != 0
        assert "SECRET_KEY must be set" in result.stderr

    def test_refuses_to_start_without_allowed_hosts(self):
        result = settings_value(
            "config.settings.production", "s.DEBUG", SECRET_KEY="k" * 50, **NODE_ENV
        )
        assert result.returncode != 0
        assert "ALLOWED_HOSTS must be set" in result.stderr

    def test_starts_with_both(self):
        result = settings_value(
            "config.settings.production",
            "s.DEBUG, s.ALLOWED_HOSTS, s.STORAGES['staticfiles']['BACKEND']",
            SECRET_KEY="k" * 50,
            ALLOWED_HOSTS="www.leisurelablimburg.nl",
            **NODE_ENV,
        )
        assert result.returncode == 0, result.stderr
        assert "False ['www.leisurelablimburg.nl']" in result.stdout
        assert "CompressedManifestStaticFilesStorage" in result.stdout


class DatabaseSettingsTests:
    def test_sqlite_under_var_by_default(self):
        result = settings_value(
            "config.settings.base",
            "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']",
        )
        assert result.returncode == 0, result.stderr
        assert "sqlite3" in result.stdout
        assert str(BASE_DIR / "var" / "db.sqlite3") in result.stdout

    def test_database_url_is_honoured(self):
        expression = (
            "[s.DATABASES['default'][k] for k in "
            "('ENGINE', 'NAME', 'HOST', 'PORT', 'USER', 'CONN_MAX_AGE', 'CONN_HEALTH_CHECKS')]"
        )
        result = settings_value(
            "config.settings.base",
            expression,
            DATABASE_URL="postgres://leisure:geheim@db.example:6543/leisurelab",
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == (
            "['django.db.backends.postgresql', 'leisurelab', 'db.example', 6543, "
            "'leisure', 600, True]"
        )

    def test_language_and_time_zone(self, settings):
        assert settings.LANGUAGE_CODE == "nl"
        assert settings.TIME_ZONE == "Europe/Amsterdam"
        assert settings.USE_TZ is True


@pytest.mark.django_db
class DjangoSiteSyncTests:
    def test_django_site_follows_the_default_wagtail_site(self):
        site = Site.objects.get(is_default_site=True)
        site.hostname = "www.leisurelablimburg.nl"
        site.port = 443
        site.site_name = "Leisure Lab Limburg"
        site.save()
        current = DjangoSite.objects.get_current()
        assert current.domain == "www.leisurelablimburg.nl"
        assert current.name == "Leisure Lab Limburg"

    def test_non_standard_port_is_kept(self):
        site = Site.objects.get(is_default_site=True)
        site.hostname = "127.0.0.1"
        site.port = 8000
        site.save()
        assert DjangoSite.objects.get_current().domain == "127.0.0.1:8000"
