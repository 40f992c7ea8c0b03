import os
import subprocess
import sys
from io import StringIO

from django.conf import settings
from django.core.management import call_command

from wagtail.models import Site

import pytest

from home.links import absolute_url

pytestmark = pytest.mark.django_db


def test_mail_links_follow_the_port_the_site_runs_on(settings):
    settings.DEBUG = True
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8001"
    settings.VAR_DIR = settings.MEDIA_ROOT  # keep the login file out of var/
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "127.0.0.1", 8000
    site.save()
    out = StringIO()
    call_command("ensure_local_admin", stdout=out)
    assert absolute_url("/agenda/") == "http://127.0.0.1:8001/agenda/"
    assert "Mail is printed in this terminal" in out.getvalue()


def test_a_real_host_name_is_left_alone(settings):
    settings.DEBUG = True
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8001"
    settings.VAR_DIR = settings.MEDIA_ROOT
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "www.leisurelablimburg.nl", 443
    site.save()
    call_command("ensure_local_admin", stdout=StringIO())
    assert absolute_url("/agenda/") == "https://www.leisurelablimburg.nl/agenda/"


def test_dev_settings_take_the_base_url_from_port():
    env = {**os.environ, "PORT": "8001", "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    env.pop("WAGTAILADMIN_BASE_URL", None)
    code = "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    assert result.stdout.strip() == "http://127.0.0.1:8001"
