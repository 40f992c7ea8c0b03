"""The shared page cache: what it stores, for whom, under which key, with which headers, and
what happens when the cache itself fails. Invalidation: test_pagecache_invalidation.py;
forms on cached pages: test_pagecache_forms.py."""

import logging
import re

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from home import cache as resilient
from home.caching import CHROME_VERSION_KEY
from home.models import HomePage
from home.pagecache import HIT_HEADER, page_cache_invalidated
from projects.models import ProjectPage
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.membership.factories import membership_site
from tests.projects.factories import ReactionFactory, build_site

pytestmark = pytest.mark.django_db

TOKEN_WITH_VALUE = re.compile(
    r'name="(csrfmiddlewaretoken|rendered_at|security_hash|timestamp)" value="[^"]+"'
)


@pytest.fixture
def pages(db):
    """The anonymous pages the cache holds: home, index, a project (with 50 approved
    reactions), agenda, an event, the membership page; built with the factories."""
    project = build_site()
    ReactionFactory.create_batch(50, page=project)
    membership = membership_site()  # below the same home page
    agenda = EventIndexPageFactory(parent=HomePage.objects.get())
    event = EventPageFactory(parent=agenda, title="Themasessie duurzaam ondernemen", capacity=8)
    return ["/", "/projecten/", project.url, "/agenda/", event.url, membership.url]


def hit_or_miss(response) -> str:
    return response.get(HIT_HEADER, "")


class HitTests:
    def test_second_visit_is_a_hit_with_no_queries_and_the_same_bytes(self, pages):
        for path in pages:
            first = Client().get(path)
            assert (first.status_code, hit_or_miss(first)) == (200, "miss"), path
            with CaptureQueriesContext(connection) as queries:
                second = Client().get(path)
            assert hit_or_miss(second) == "hit", path
            assert len(queries) == 0, (path, [query["sql"] for query in queries])
            assert second.content == first.content
            assert second["Content-Type"] == first["Content-Type"]

    def test_a_page_kept_in_memory_is_checked_against_the_shared_version(self, pages):
        Client().get("/")
        assert hit_or_miss(Client().get("/")) == "hit"
        # Another process invalidates: it only writes a new version to the shared cache.
        cache.set(CHROME_VERSION_KEY, "changed-elsewhere", None)
        assert hit_or_miss(Client().get("/")) == "miss"
        assert hit_or_miss(Client().get("/")) == "hit"

    def test_head_is_served_from_the_cache_without_a_body(self, pages):
        get = Client().get("/")
        head = Client().head("/")
        assert hit_or_miss(head) == "hit"
        assert head.content == b""
        assert int(head["Content-Length"]) == len(get.content)

    def test_only_the_parameters_pages_use_make_an_entry(self, pages):
        assert hit_or_miss(Client().get("/agenda/")) == "miss"
        assert hit_or_miss(Client().get("/agenda/?x=random&utm_source=mail")) == "hit"
        assert hit_or_miss(Client().get("/agenda/?page=1")) == "hit"
        assert hit_or_miss(Client().get("/agenda/?page=abc")) == "hit"
        assert hit_or_miss(Client().get("/agenda/?soort=workshop")) == "miss"
        assert hit_or_miss(Client().get("/agenda/?soort=workshop&x=1")) == "hit"
        assert hit_or_miss(Client().get("/projecten/?tag=horeca")) == "miss"

    def test_result_states_and_search_are_never_cached(self, pages):
        for path in (pages[2] + "?reactie=wacht", "/agenda/?aanmelding=aangemeld", "/zoeken/?q=x"):
            Client().get(path)
            assert hit_or_miss(Client().get(path)) == "", path

    def test_cached_pages_say_so_to_a_front_cache(self, pages, settings):
        response = Client().get("/")
        assert response["Cache-Control"].startswith("public, max-age=0, s-maxage=")
        age = int(response["Cache-Control"].rsplit("=", 1)[1])
        assert 0 < age <= settings.PAGE_CACHE_MAX_AGE

    def test_the_purge_hook_is_called_after_the_commit(
        self, pages, django_capture_on_commit_callbacks
    ):
        calls = []

        def receiver(**kwargs):
            calls.append(kwargs)

        page_cache_invalidated.connect(receiver)
        try:
            with django_capture_on_commit_callbacks(execute=False) as callbacks:
                ProjectPage.objects.get().save_revision().publish()
            assert calls == []  # not before the commit
            for callback in callbacks:
                callback()
            assert len(calls) >= 1
        finally:
            page_cache_invalidated.disconnect(receiver)


class NothingPersonalTests:
    def test_no_cached_page_carries_a_cookie_token_message_or_userbar(self, pages):
        for path in pages:
            Client().get(path)
            response = Client().get(path)
            assert hit_or_miss(response) == "hit", path
            html = response.content.decode()
            assert not response.cookies, path
            assert "Set-Cookie" not in response.headers, path
            assert not TOKEN_WITH_VALUE.search(html), path
            assert "wagtail-userbar" not in html and "w-userbar" not in html, path
            assert 'class="messages"' not in html and "Je bent aangemeld" not in html, path
            assert "Cookie" not in response.get("Vary", ""), path

    def test_forms_on_cached_pages_ask_for_their_tokens(self, pages):
        for path in (pages[2], pages[4], pages[5]):
            html = Client().get(path).content.decode()
            assert 'name="csrfmiddlewaretoken" value="" data-form-token-url="' in html, path

    def test_an_editor_never_fills_nor_reads_the_cache(self, pages):
        editor = Client()
        editor.force_login(
            get_user_model().objects.create_superuser("editor", "editor@example.com", "x")
        )
        response = editor.get("/")
        assert hit_or_miss(response) == ""
        assert response["Cache-Control"] == "private, no-store"
        assert "userbar" in response.content.decode()
        # Nothing was stored: the first anonymous visit renders the page.
        assert hit_or_miss(Client().get("/")) == "miss"
        # And what is stored is not given to the editor.
        assert hit_or_miss(Client().get("/")) == "hit"
        response = editor.get("/")
        assert hit_or_miss(response) == ""
        assert "userbar" in response.content.decode()

    def test_a_session_or_messages_cookie_bypasses_the_cache(self, pages):
        Client().get("/")
        for name in ("sessionid", "messages"):
            visitor = Client()
            visitor.cookies[name] = "x"
            response = visitor.get("/")
            assert hit_or_miss(response) == "", name
            assert response["Cache-Control"] == "private, no-store"

    def test_a_csrf_cookie_alone_does_not_bypass_it(self, pages):
        Client().get("/")
        visitor = Client()
        visitor.get("/formulier-token/")
        assert "csrftoken" in visitor.cookies
        assert hit_or_miss(visitor.get("/")) == "hit"

    def test_post_answers_are_personal(self, pages):
        response = Client().post("/zoeken/")
        assert response["Cache-Control"] == "private, no-store"


class CacheFailureTests:
    @pytest.fixture
    def redis_away(self, settings):
        settings.CACHES = {
            "default": {
                "BACKEND": "home.cache.ResilientRedisCache",
                # Nothing listens on port 1: every connection is refused at once.
                "LOCATION": "redis://127.0.0.1:1/0",
            }
        }
        resilient.reset_failure_state()
        yield
        resilient.reset_failure_state()

    def test_pages_render_without_redis_and_the_failure_is_logged_once(
        self, pages, redis_away, caplog
    ):
        caplog.set_level(logging.ERROR, logger="home.cache")
        for _round in range(3):
            for path in pages:
                response = Client().get(path)
                assert response.status_code == 200, path
                assert hit_or_miss(response) == "", path
        # As without a page cache: the forms carry their tokens, as they always did.
        html = Client().get(pages[4]).content.decode()
        assert re.search(r'name="csrfmiddlewaretoken" value="\w+"', html)
        failures = [record for record in caplog.records if record.name == "home.cache"]
        assert len(failures) == 1
        assert "Cache unreachable" in failures[0].getMessage()

    def test_a_form_still_posts_without_redis(self, pages, redis_away):
        from tests.membership.factories import signup_data

        response = Client().post(pages[5], signup_data())
        assert response.status_code == 302

    def test_after_an_outage_the_page_cache_version_changes(self, monkeypatch):
        """Changes made while Redis was away could not invalidate: the first call that
        reaches Redis again drops every page stored before the outage."""
        from django.core.cache.backends.redis import RedisCache

        from redis.exceptions import ConnectionError as RedisConnectionError

        answers = [RedisConnectionError("away"), "value"]
        written = []

        def fake_get(self, key, default=None, version=None):
            answer = answers.pop(0)
            if isinstance(answer, Exception):
                raise answer
            return answer

        monkeypatch.setattr(RedisCache, "get", fake_get)
        monkeypatch.setattr(
            RedisCache, "set", lambda self, key, value, *args: written.append((key, value))
        )
        backend = resilient.ResilientRedisCache("redis://127.0.0.1:1/0", {})
        resilient.reset_failure_state()
        try:
            assert backend.get("a", "default") == "default"
            assert written == []
            assert backend.get("b", "default") == "default"  # Redis is left alone a moment
            resilient._state["down_until"] = 0.0
            assert backend.get("c") == "value"
            assert [key for key, _value in written] == [CHROME_VERSION_KEY]
        finally:
            resilient.reset_failure_state()


def test_the_redis_client_is_made_once_per_pool():
    """Django makes a new redis.Redis per call; on a hit that cost more than the hit."""
    client = resilient.ReusingRedisCacheClient(["redis://127.0.0.1:1/0"])
    assert client.get_client("a") is client.get_client("b", write=True)
