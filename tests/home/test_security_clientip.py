"""The visitor's IP address behind proxies (home.clientip), and the rate limits that use it."""

from django.test import RequestFactory

import pytest
import time_machine

from home.clientip import UNKNOWN_IP, client_ip, client_ip_key, parse_ip
from tests.hostile import hostile_strings
from tests.membership.factories import signup_data
from tests.ratelimit import window_start

SIGNUP_URL = "/lid-worden/"
PROXY = "10.0.0.2"
VISITOR = "198.51.100.20"


def request_from(remote_addr: str | None = PROXY, forwarded: str | None = None):
    meta = {}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    if remote_addr is None:
        del request.META["REMOTE_ADDR"]
    else:
        request.META["REMOTE_ADDR"] = remote_addr
    return request


class ParseIpTests:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("203.0.113.7", "203.0.113.7"),
            (" 203.0.113.7 ", "203.0.113.7"),
            ("203.0.113.7:5123", "203.0.113.7"),
            ("2001:db8::1", "2001:db8::1"),
            ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
            ("[2001:db8::1]:443", "2001:db8::1"),
            ("::ffff:203.0.113.7", "203.0.113.7"),
            ("fe80::1%eth0", "fe80::1"),
        ],
    )
    def test_addresses(self, value, expected):
        assert parse_ip(value) == expected

    @pytest.mark.parametrize(
        "value",
        [None, "", "unknown", "999.1.1.1", "203.0.113", "<script>", "a" * 5000, "1.2.3.4 5.6.7.8"],
    )
    def test_not_addresses(self, value):
        assert parse_ip(value) is None


class ClientIpTests:
    def test_without_trusted_proxies_the_header_is_ignored(self, settings):
        settings.TRUSTED_PROXY_COUNT = 0
        assert client_ip(request_from("203.0.113.9", "1.2.3.4")) == "203.0.113.9"

    def test_one_proxy_takes_the_hop_it_added(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        assert client_ip(request_from(PROXY, VISITOR)) == VISITOR
        # Two addresses, as nginx sends them: the client's own claim is left of ours.
        assert client_ip(request_from(PROXY, f"203.0.113.7, {VISITOR}")) == VISITOR

    def test_a_forged_hop_on_the_left_is_never_taken(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        forged = f"127.0.0.1, 10.0.0.1, 8.8.8.8,{VISITOR}"
        assert client_ip(request_from(PROXY, forged)) == VISITOR

    def test_two_proxies_take_the_second_hop_from_the_right(self, settings):
        settings.TRUSTED_PROXY_COUNT = 2
        assert client_ip(request_from(PROXY, f"1.1.1.1, {VISITOR}, 10.0.0.1")) == VISITOR

    @pytest.mark.parametrize(
        "forwarded", [None, "", " , ,", "unknown", "not-an-ip, ", "<script>alert(1)</script>"]
    )
    def test_missing_or_malformed_header_falls_back_to_remote_addr(self, settings, forwarded):
        settings.TRUSTED_PROXY_COUNT = 1
        assert client_ip(request_from(PROXY, forwarded)) == PROXY

    def test_fewer_hops_than_proxies_falls_back_to_remote_addr(self, settings):
        settings.TRUSTED_PROXY_COUNT = 2
        assert client_ip(request_from(PROXY, VISITOR)) == PROXY

    @pytest.mark.parametrize("remote_addr", [None, "", "unix:/run/gunicorn.sock"])
    def test_no_address_at_all(self, settings, remote_addr):
        settings.TRUSTED_PROXY_COUNT = 0
        request = request_from(remote_addr)
        assert client_ip(request) is None
        assert client_ip_key(request) == UNKNOWN_IP  # counted, in one shared bucket


@pytest.mark.django_db
class RateLimitBehindProxyTests:
    """Posts of a public form (the membership signup) with hostile X-Forwarded-For headers:
    never a 500, and the sixth post in a minute from one visitor is refused whatever the
    header says."""

    def six_posts(self, client, capture, headers: list[dict]) -> list[int]:
        statuses = []
        for number, extra in enumerate(headers):
            with capture(execute=True):
                response = client.post(
                    SIGNUP_URL, signup_data(email=f"p{number}@example.com"), **extra
                )
            statuses.append(response.status_code)
        return statuses

    def test_changing_the_header_does_not_escape_the_limit_without_proxies(
        self, every_page_type, client, settings, django_capture_on_commit_callbacks
    ):
        settings.TRUSTED_PROXY_COUNT = 0
        headers = [{"HTTP_X_FORWARDED_FOR": f"203.0.113.{n}"} for n in range(6)]
        with time_machine.travel(window_start(60, "127.0.0.1")):
            statuses = self.six_posts(client, django_capture_on_commit_callbacks, headers)
        assert statuses == [302] * 5 + [429]

    def test_changing_the_forged_part_does_not_escape_the_limit_behind_a_proxy(
        self, every_page_type, client, settings, django_capture_on_commit_callbacks
    ):
        settings.TRUSTED_PROXY_COUNT = 1
        headers = [{"HTTP_X_FORWARDED_FOR": f"203.0.113.{n}, {VISITOR}"} for n in range(6)]
        with time_machine.travel(window_start(60, VISITOR)):
            statuses = self.six_posts(client, django_capture_on_commit_callbacks, headers)
        assert statuses == [302] * 5 + [429]

    @pytest.mark.parametrize(
        "forwarded", [None, "", "unknown", "999.999.1.1", "; DROP TABLE", "1.2.3.4 5.6.7.8"]
    )
    def test_missing_or_malformed_headers_count_for_the_proxy_address(
        self, every_page_type, client, settings, django_capture_on_commit_callbacks, forwarded
    ):
        settings.TRUSTED_PROXY_COUNT = 1
        extra = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
        with time_machine.travel(window_start(60, "127.0.0.1")):
            statuses = self.six_posts(client, django_capture_on_commit_callbacks, [extra] * 6)
        assert statuses == [302] * 5 + [429]

    def test_another_visitor_behind_the_same_proxy_is_not_limited(
        self, every_page_type, client, settings, django_capture_on_commit_callbacks
    ):
        settings.TRUSTED_PROXY_COUNT = 1
        with time_machine.travel(window_start(60, VISITOR)):
            limited = self.six_posts(
                client, django_capture_on_commit_callbacks, [{"HTTP_X_FORWARDED_FOR": VISITOR}] * 6
            )
            other = self.six_posts(
                client,
                django_capture_on_commit_callbacks,
                [{"HTTP_X_FORWARDED_FOR": "198.51.100.99"}],
            )
        assert limited[-1] == 429
        assert other == [302]


class HostileHeaderTests:
    def test_hostile_forwarded_headers_never_raise_nor_pass_as_an_address(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        for value in hostile_strings():
            for header in (value, f"{value}, {VISITOR}", f"{VISITOR}, {value}"):
                ip = client_ip(request_from(PROXY, header))
                assert ip in {VISITOR, PROXY} or ip == parse_ip(value.split(",")[-1]), header
