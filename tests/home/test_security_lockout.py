"""Admin sign-in lockout (django-axes with home.loginlock): 5 failures per username, 20 per IP
address, within 15 minutes; refused before the password is checked; lifted by a command."""

from datetime import timedelta
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.management import call_command
from django.test import Client

import pytest
import time_machine

from tests.hostile import hostile_strings

LOGIN = "/admin/login/"
PASSWORD = "Juist-wachtwoord-42"  # noqa: S105
ATTACKER = "203.0.113.66"
OTHER_ATTACKER = "203.0.113.77"
EDITOR_IP = "198.51.100.5"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("redacteur", "r@example.com", PASSWORD)


def sign_in(client: Client, username: str, password: str, ip: str):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


@pytest.mark.django_db
class UsernameLockoutTests:
    def test_five_failures_from_two_clients_lock_the_username_everywhere(self, editor):
        first, second = Client(), Client()
        statuses = [sign_in(first, "redacteur", "fout", ATTACKER).status_code for _ in range(3)]
        statuses += [
            sign_in(second, "redacteur", "fout", OTHER_ATTACKER).status_code for _ in range(2)
        ]
        assert statuses == [200, 200, 200, 200, 429]
        # Now even the right password, from a third address, is refused.
        response = sign_in(Client(), "redacteur", PASSWORD, EDITOR_IP)
        assert response.status_code == 429
        assert not signed_in(response)

    def test_refused_before_the_password_is_checked(self, editor):
        client = Client()
        for _ in range(5):
            sign_in(client, "redacteur", "fout", ATTACKER)
        with mock.patch.object(MD5PasswordHasher, "verify", autospec=True) as verify:
            response = sign_in(client, "redacteur", PASSWORD, ATTACKER)
        assert response.status_code == 429
        verify.assert_not_called()

    def test_dutch_message_with_the_time_to_wait(self, editor):
        client = Client()
        with time_machine.travel("2026-03-02 10:00 +0000", tick=False) as traveller:
            for _ in range(5):
                sign_in(client, "redacteur", "fout", ATTACKER)
            traveller.shift(timedelta(minutes=4))
            response = sign_in(client, "redacteur", PASSWORD, ATTACKER)
        html = response.content.decode()
        assert response.status_code == 429
        assert "Te veel mislukte pogingen" in html
        assert "Inloggen kan weer over 11 minuten." in html
        assert response["Retry-After"] == str(11 * 60)

    def test_the_lockout_ends_after_fifteen_minutes(self, editor):
        client = Client()
        with time_machine.travel("2026-03-02 10:00 +0000", tick=False) as traveller:
            for _ in range(5):
                sign_in(client, "redacteur", "fout", ATTACKER)
            traveller.shift(timedelta(minutes=14))
            assert sign_in(client, "redacteur", PASSWORD, EDITOR_IP).status_code == 429
            traveller.shift(timedelta(minutes=2))
            assert signed_in(sign_in(client, "redacteur", PASSWORD, EDITOR_IP))

    def test_a_success_resets_the_count_for_that_user(self, editor):
        client = Client()
        for _ in range(4):
            assert sign_in(client, "redacteur", "fout", EDITOR_IP).status_code == 200
        assert signed_in(sign_in(client, "redacteur", PASSWORD, EDITOR_IP))
        client.logout()
        # Four more failures would have been eight without the reset.
        statuses = [sign_in(client, "redacteur", "fout", EDITOR_IP).status_code for _ in range(4)]
        assert statuses == [200] * 4
        assert signed_in(sign_in(client, "redacteur", PASSWORD, EDITOR_IP))

    def test_another_username_is_not_locked(self, editor):
        get_user_model().objects.create_superuser("tweede", "t@example.com", PASSWORD)
        client = Client()
        for _ in range(5):
            sign_in(client, "redacteur", "fout", ATTACKER)
        assert signed_in(sign_in(Client(), "tweede", PASSWORD, EDITOR_IP))

    def test_an_administrator_lifts_the_lockout(self, editor):
        client = Client()
        for _ in range(5):
            sign_in(client, "redacteur", "fout", ATTACKER)
        assert sign_in(client, "redacteur", PASSWORD, EDITOR_IP).status_code == 429
        call_command("axes_reset_username", "redacteur")
        assert signed_in(sign_in(client, "redacteur", PASSWORD, EDITOR_IP))


@pytest.mark.django_db
class AddressLockoutTests:
    def test_twenty_failures_from_one_address_lock_it_for_every_username(self, editor):
        first, second = Client(), Client()
        statuses = []
        for number in range(20):
            client = first if number % 2 else second
            # Each username fails fewer than five times: only the address count can lock.
            statuses.append(sign_in(client, f"gok{number % 5}", "fout", ATTACKER).status_code)
        assert statuses == [200] * 19 + [429]
        response = sign_in(Client(), "redacteur", PASSWORD, ATTACKER)
        assert response.status_code == 429
        assert not signed_in(response)
        # The editor, from their own address, is not affected.
        assert signed_in(sign_in(Client(), "redacteur", PASSWORD, EDITOR_IP))

    def test_a_success_does_not_reset_the_address_count(self, editor):
        client = Client()
        for number in range(19):
            sign_in(client, f"gok{number % 4}", "fout", ATTACKER)
        # A valid account signing in from the attacking address clears only its own count.
        assert signed_in(sign_in(client, "redacteur", PASSWORD, ATTACKER))
        client.logout()
        assert sign_in(client, "gok9", "fout", ATTACKER).status_code == 429

    def test_the_address_behind_a_proxy_is_the_visitors(self, editor, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        client = Client()
        for number in range(20):
            client.post(
                LOGIN,
                {"username": f"gok{number % 4}", "password": "fout"},
                REMOTE_ADDR="10.0.0.2",
                HTTP_X_FORWARDED_FOR=f"1.2.3.{number}, {ATTACKER}",
            )
        locked = client.post(
            LOGIN,
            {"username": "redacteur", "password": PASSWORD},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=ATTACKER,
        )
        assert locked.status_code == 429
        other = Client().post(
            LOGIN,
            {"username": "redacteur", "password": PASSWORD},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=EDITOR_IP,
        )
        assert signed_in(other)

    def test_an_administrator_lifts_an_address_lockout(self, editor):
        client = Client()
        for number in range(20):
            sign_in(client, f"gok{number % 4}", "fout", ATTACKER)
        call_command("axes_reset_ip", ATTACKER)
        assert signed_in(sign_in(client, "redacteur", PASSWORD, ATTACKER))


@pytest.mark.django_db
class HostileSignInTests:
    def test_hostile_usernames_and_headers_never_fail(self, editor, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        client = Client()
        statuses = set()
        for value in hostile_strings():
            response = client.post(
                LOGIN,
                {"username": value, "password": value},
                REMOTE_ADDR="10.0.0.2",
                HTTP_X_FORWARDED_FOR=value,
            )
            statuses.add(response.status_code)
        assert statuses <= {200, 429}
        assert 429 in statuses  # all of them came from one address: locked after 20
