import os
import re
import subprocess
import sys
from pathlib import Path

from django.contrib.sites.models import Site as DjangoSite

from wagtail.models import Site

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


SALT_CONSTANT = re.compile(r'^([A-Z_]*SALT) = "([^"]*)"', re.M)
# Environment variables of the machine that would change what a settings module does.
SETTINGS_ENV = {
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "REDIS_URL",
    "TRUSTED_PROXY_COUNT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SINGLE_NODE",
    # Set by the browser tests' conftest for Playwright; check --deploy warns about it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_CUSTOM_DOMAIN",
    "VARNISH_URLS",
    "RATELIMIT_ENABLE",
}
# What a production node needs besides its secrets: the shared database and cache.
NODE_ENV = {
    "DATABASE_URL": "postgres://leisure@db.example:5432/leisurelab",
    "REDIS_URL": "redis://cache.example:6379/0",
}
# What an operator sets in production (README): strong, distinct secrets.
PRODUCTION_ENV = {
    "SECRET_KEY": "p7Q-r2vX9sL0aK4mZ8wN3cB6yT1uH5jE_dG0fR7iO2lV9qS4xW8nM3bC6zA1kY5t",
    "ALLOWED_HOSTS": "www.leisurelablimburg.nl",
    **NODE_ENV,
}


def run_python(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean_env = {key: value for key, value in os.environ.items() if key not in SETTINGS_ENV}
    clean_env.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_value(module: str, expression: str, **env: str) -> subprocess.CompletedProcess:
    return run_python(["-c", f"import {module} as s; print({expression})"], **env)


def production(expression: str, **changes: str) -> subprocess.CompletedProcess:
    """Import the production settings with PRODUCTION_ENV changed by `changes` ("" removes
    a variable)."""
    env = {key: value for key, value in {**PRODUCTION_ENV, **changes}.items() if value != ""}
    return settings_value("config.settings.production", expression, **env)


class ProductionSettingsTests:
    def test_refuses_to_start_without_secret_key(self):
        result = production("s.DEBUG", SECRET_KEY="")
        assert result.returncode != 0
        assert "SECRET_KEY must be set" in result.stderr

    def test_refuses_to_start_without_allowed_hosts(self):
        result = production("s.DEBUG", ALLOWED_HOSTS="")
        assert result.returncode != 0
        assert "ALLOWED_HOSTS must be set" in result.stderr

    def test_starts_with_the_production_environment(self):
        result = production("s.DEBUG, s.ALLOWED_HOSTS, s.STORAGES['staticfiles']['BACKEND']")
        assert result.returncode == 0, result.stderr
        assert "False ['www.leisurelablimburg.nl']" in result.stdout
        assert "CompressedManifestStaticFilesStorage" in result.stdout


class ProductionSecretsTests:
    @pytest.mark.parametrize(
        "key",
        [
            "dev-only-insecure-key-never-use-in-production",
            "test-only-key",
            "django-insecure-" + "x7" * 30,
            "short-but-random-Q8z",
            "k" * 64,
        ],
    )
    def test_refuses_a_default_or_weak_secret_key(self, key):
        result = production("s.DEBUG", SECRET_KEY=key)
        assert result.returncode != 0
        assert "SECRET_KEY is a default or too weak" in result.stderr

    @pytest.mark.parametrize("value", ["true", "1", "on"])
    def test_refuses_to_start_with_debug_on(self, value):
        result = production("s.DEBUG", DEBUG=value)
        assert result.returncode != 0
        assert "DEBUG must be off in production" in result.stderr

    def test_signing_purposes_in_code_have_distinct_salts(self):
        """The salts named in code (FOO_SALT = "...") are namespaces under SECRET_KEY, not
        secrets: what matters is that none is empty and no two purposes share one (a link
        made for one would then pass for the other)."""
        salts = {}
        for app in ("home", "projects", "events", "membership"):
            for path in (BASE_DIR / app).rglob("*.py"):
                for name, value in SALT_CONSTANT.findall(path.read_text()):
                    salts[f"{path.relative_to(BASE_DIR)}:{name}"] = value
        assert len(salts) >= 4, salts  # the regex finds them (reactions use random tokens)
        assert all(value.strip() for value in salts.values()), salts
        assert len(set(salts.values())) == len(salts), salts


class ProductionHeadersSettingsTests:
    def test_hsts_for_a_year_with_subdomains_and_preload_unless_turned_off(self):
        expression = (
            "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD"
        )
        result = production(expression)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "31536000 True True"
        result = production(expression, SECURE_HSTS_PRELOAD="false")
        assert result.stdout.strip() == "31536000 True False"

    def test_refuses_hsts_shorter_than_a_year(self):
        result = production("s.SECURE_HSTS_SECONDS", SECURE_HSTS_SECONDS="3600")
        assert result.returncode != 0
        assert "at least a year" in result.stderr

    @pytest.mark.parametrize(
        ("preload", "silenced"),
        [("", "0 silenced"), ("false", "1 silenced")],  # W021 "cannot be preloaded", chosen
    )
    def test_check_deploy_has_no_warnings(self, preload, silenced):
        env = {**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/15"}
        if preload:
            env["SECURE_HSTS_PRELOAD"] = preload
        result = run_python(
            ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            DJANGO_SETTINGS_MODULE="config.settings.production",
            **env,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"System check identified no issues ({silenced})." in result.stdout


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
