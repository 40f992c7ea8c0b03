from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from home.models import Person

pytestmark = pytest.mark.django_db
CREATE = "wagtailsnippetchoosers_home_person:create"


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("redacteur", "r@example.com", "geheim")
    client.force_login(user)
    return client


def test_the_author_chooser_offers_a_new_person_form(editor_client):
    response = editor_client.get(reverse("wagtailsnippetchoosers_home_person:choose"))
    assert response.status_code == 200
    assert "Nieuwe persoon" in response.json()["html"]


def test_a_person_made_in_the_chooser_is_chosen_at_once(editor_client):
    response = editor_client.post(
        reverse(CREATE), {"name": "Laura Lazzarini", "role": "", "organisation": "", "email": ""}
    )
    assert response.status_code == 200
    person = Person.objects.get(name="Laura Lazzarini")
    result = response.json()
    assert result["step"] == "chosen"
    assert str(person.pk) == str(result["result"]["id"])


def test_a_person_without_a_name_keeps_the_form_with_an_error(editor_client):
    response = editor_client.post(reverse(CREATE), {"name": "", "organisation": "Mooi Bedrijf"})
    assert response.status_code == 200
    assert not Person.objects.exists()
    assert "Mooi Bedrijf" in response.json()["htmlFragment"]


def test_people_are_listed_in_the_admin(editor_client):
    Person.objects.create(name="Rob Kemmeren", organisation="Leisure Lab Limburg")
    response = editor_client.get(reverse("wagtailsnippets_home_person:list"))
    assert response.status_code == 200
    assert "Rob Kemmeren" in response.content.decode()
