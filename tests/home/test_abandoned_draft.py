from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest

from home.models import StandardPage
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(get_user_model().objects.create_superuser("r", "r@example.com", "pw"))
    return client


def create(client, parent, slug):
    url = reverse("wagtailadmin_pages:add", args=["home", "standardpage", parent.pk])
    data = nested_form_data(
        {"title": "Contact", "slug": slug, "intro": "", "body": streamfield([])}
    )
    return client.post(url, {**data, "action-publish": "publish"})


def test_a_slug_taken_by_an_abandoned_draft_links_to_that_draft(editor_client):
    parent = StandardPageFactory(parent=Page.objects.get(depth=2), slug="over-ons")
    draft = StandardPageFactory(parent=parent, title="Contact", slug="contact", live=False)
    Page.objects.filter(pk=draft.pk).update(first_published_at=None)
    response = create(editor_client, parent, "contact")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Er is al een concept met de slug" in html
    assert reverse("wagtailadmin_pages:edit", args=[draft.pk]) in html
    assert StandardPage.objects.filter(slug="contact").count() == 1


def test_a_slug_of_a_published_page_keeps_wagtails_message(editor_client):
    parent = StandardPageFactory(parent=Page.objects.get(depth=2), slug="over-ons")
    StandardPageFactory(parent=parent, title="Contact", slug="contact").save_revision().publish()
    html = create(editor_client, parent, "contact").content.decode()
    assert "Er is al een concept" not in html
    assert "contact" in html and "al in gebruik" in html


def test_a_free_slug_is_created_as_usual(editor_client):
    parent = StandardPageFactory(parent=Page.objects.get(depth=2), slug="over-ons")
    response = create(editor_client, parent, "contact")
    assert response.status_code == 302
    assert StandardPage.objects.get(slug="contact").live
