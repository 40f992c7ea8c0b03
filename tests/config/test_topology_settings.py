"""Settings for several app servers (docs/deploy.md), each read in a fresh interpreter with
exactly the environment under test."""

import pytest

from tests.config.test_settings import NODE_ENV, PRODUCTION_ENV, settings_value

PRODUCTION = "config.settings.production"
BASE_ENV = {key: PRODUCTION_ENV[key] for key in ("SECRET_KEY", "ALLOWED_HOSTS")}


class ProductionRefusesLonelyNodesTests:
    @pytest.mark.parametrize("missing", ["DATABASE_URL", "REDIS_URL"])
    def test_refuses_without_shared_database_or_cache(self, missing):
        env = {**BASE_ENV, **NODE_ENV}
        del env[missing]
        result = settings_value(PRODUCTION, "s.DEBUG", **env)
        assert result.returncode != 0
        assert f"{missing} must be set" in result.stderr

    def test_single_node_allows_sqlite_and_the_file_cache(self):
        result = settings_value(
            PRODUCTION,
            "s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND']",
            **BASE_ENV,
            SINGLE_NODE="true",
        )
        assert result.returncode == 0, result.stderr
        assert "sqlite3" in result.stdout
        assert "FileBasedCache" in result.stdout


class SharedStateSettingsTests:
    def test_sessions_cached_with_the_database_behind(self):
        result = settings_value(PRODUCTION, "s.SESSION_ENGINE", **BASE_ENV, **NODE_ENV)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "django.contrib.sessions.backends.cached_db"

    def test_renditions_have_their_own_redis_alias(self):
        result = settings_value(
            PRODUCTION,
            "s.CACHES['renditions']['LOCATION'], s.CACHES['renditions']['KEY_PREFIX'], "
            "s.CACHES['default']['KEY_PREFIX'], s.CACHES['renditions']['BACKEND'] "
            "== s.CACHES['default']['BACKEND']",
            **BASE_ENV,
            **NODE_ENV,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == (
            "redis://cache.example:6379/0 leisurelab-renditions leisurelab True"
        )

    def test_database_connect_timeout(self):
        result = settings_value(
            PRODUCTION, "s.DATABASES['default']['OPTIONS']", **BASE_ENV, **NODE_ENV
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "{'connect_timeout': 5}"

    def test_media_on_local_disk_without_a_bucket(self):
        result = settings_value(
            PRODUCTION, "s.STORAGES['default']['BACKEND']", **BASE_ENV, **NODE_ENV
        )
        assert result.stdout.strip() == "django.core.files.storage.FileSystemStorage"

    def test_media_on_s3_without_signed_urls_or_overwrites(self):
        expression = (
            "s.STORAGES['default']['BACKEND'], "
            "[s.STORAGES['default']['OPTIONS'][k] for k in "
            "('bucket_name', 'endpoint_url', 'querystring_auth', 'file_overwrite')], "
            "s.WAGTAILDOCS_SERVE_METHOD"
        )
        result = settings_value(
            PRODUCTION,
            expression,
            **BASE_ENV,
            **NODE_ENV,
            AWS_STORAGE_BUCKET_NAME="ll-media",
            AWS_S3_ENDPOINT_URL="https://s3.example",
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == (
            "storages.backends.s3.S3Storage ['ll-media', 'https://s3.example', False, False] "
            "serve_view"
        )

    def test_every_varnish_node_is_purged(self):
        expression = (
            "'wagtail.contrib.frontend_cache' in s.INSTALLED_APPS, "
            "sorted(c['LOCATION'] for c in s.WAGTAILFRONTENDCACHE.values())"
        )
        result = settings_value(
            PRODUCTION,
            expression,
            **BASE_ENV,
            **NODE_ENV,
            VARNISH_URLS="http://10.0.0.21:6081, http://10.0.0.22:6081",
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == ("True ['http://10.0.0.21:6081', 'http://10.0.0.22:6081']")

    def test_no_front_cache_without_varnish_urls(self):
        result = settings_value(
            PRODUCTION,
            "'wagtail.contrib.frontend_cache' in s.INSTALLED_APPS",
            **BASE_ENV,
            **NODE_ENV,
        )
        assert result.stdout.strip() == "False"


class GunicornConfigTests:
    def test_access_log_has_no_query_string_and_workers_follow_the_cpus(self):
        result = settings_value(
            "runpy",
            "(lambda c: (c['access_log_format'], c['workers'] == "
            "__import__('multiprocessing').cpu_count() * 2 + 1, c['timeout']))"
            "(s.run_path('gunicorn.conf.py'))",
        )
        assert result.returncode == 0, result.stderr
        log_format, workers_from_cpus, timeout = eval(result.stdout)  # noqa: S307 - our output
        assert "%(U)s" in log_format
        # %(r)s (request line), %(q)s (query) and %(f)s (referer) can all carry tokens.
        for leaky in ("%(r)s", "%(q)s", "%(f)s"):
            assert leaky not in log_format
        assert workers_from_cpus
        assert timeout == 30
