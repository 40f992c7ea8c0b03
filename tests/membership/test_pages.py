"""The "Lid worden" page in the page tree, the demo content, and the links to it."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.models import EventIndexPage
from home.demo import DemoContentLoader
from home.models import HomePage, StandardPage
from membership.models import MembershipPage, MembershipType
from projects.models import ProjectPage
from tests.conftest import SEED_URL
from tests.events.factories import EventPageFactory


class MembershipPageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        DemoContentLoader().load()
        cls.home = HomePage.objects.get()
        cls.admin = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_allowed_parents_and_children(self):
        self.assertAllowedParentPageTypes(MembershipPage, {HomePage})
        self.assertAllowedSubpageTypes(MembershipPage, set())
        self.assertCanNotCreateAt(StandardPage, MembershipPage)
        # There is one, from the demo content, and there can be only one.
        self.assertFalse(MembershipPage.can_create_at(self.home))

    def test_created_through_admin_form_and_rendered(self):
        MembershipPage.objects.all().delete()
        data = nested_form_data(
            {
                "title": "Word lid",
                "slug": "word-lid",
                "intro": "Sluit je aan.",
                "body": streamfield([("heading", "Wat je krijgt")]),
                "types_title": "Lidmaatschappen",
                "membership_types": inline_formset(
                    [
                        {
                            "name": "Basis",
                            "description": "Voor iedereen.",
                            "yearly_fee": "99.50",
                            "fee_is_example": "",
                        }
                    ]
                ),
                "form_title": "Aanmelden",
                "thank_you_title": "Dank je",
                "thank_you_text": "We mailen je.",
            }
        )
        self.assertCanCreate(self.home, MembershipPage, data)
        page = MembershipPage.objects.get(slug="word-lid")
        self.client.logout()
        response = self.client.get(page.url)
        self.assertContains(response, "<h1>Word lid</h1>", html=True)
        self.assertContains(response, "€ 99,50 per jaar")
        self.assertNotContains(response, "(voorbeeldbedrag)")
        self.assertContains(response, "Basis – € 99,50 per jaar")  # the choice in the form
        thanks = self.client.get(page.url + "bedankt/")
        self.assertContains(thanks, "We mailen je.")

    def test_an_editor_changes_a_fee(self):
        """Editors (not only administrators) keep the fees up to date; their change waits
        for a moderator to publish it."""
        editor = get_user_model().objects.create_user("redacteur", "r@example.com", "pw")
        editor.groups.add(Group.objects.get(name="Editors"))
        self.client.force_login(editor)
        page = MembershipPage.objects.get()
        types = list(page.membership_types.all())
        data = nested_form_data(
            {
                "title": page.title,
                "slug": page.slug,
                "intro": page.intro,
                "body": streamfield([]),
                "types_title": page.types_title,
                "membership_types": inline_formset(
                    [
                        {
                            "id": item.pk,
                            "name": item.name,
                            "description": item.description,
                            "yearly_fee": "175" if index == 0 else str(item.yearly_fee),
                            "fee_is_example": "",
                            "ORDER": index + 1,
                        }
                        for index, item in enumerate(types)
                    ],
                    initial=len(types),
                ),
                "form_title": page.form_title,
                "thank_you_title": page.thank_you_title,
                "thank_you_text": page.thank_you_text,
            }
        )
        response = self.client.post(f"/admin/pages/{page.pk}/edit/", data)
        self.assertEqual(response.status_code, 302)
        draft = MembershipPage.objects.get(pk=page.pk).get_latest_revision_as_object()
        self.assertEqual(draft.membership_types.all()[0].yearly_fee, 175)
        self.assertIn("€ 175 per jaar", draft.membership_types.all()[0].label)

    def test_page_without_types_has_no_type_field(self):
        MembershipType.objects.all().delete()
        response = self.client.get("/lid-worden/")
        self.assertNotContains(response, 'name="membership_type"')


class MembershipDemoContentTests(WagtailPageTestCase):
    def test_demo_content_links_the_page_everywhere_and_is_idempotent(self):
        DemoContentLoader().load()
        page = MembershipPage.objects.get()
        self.assertEqual(page.slug, "lid-worden")
        self.assertTrue(page.show_in_menus and page.live)
        self.assertTrue(all(t.fee_is_example for t in page.membership_types.all()))
        self.assertEqual(page.membership_types.count(), 3)
        home = HomePage.objects.get()
        self.assertEqual(home.membership_page_id, page.pk)
        self.assertFalse(home.has_unpublished_changes)

        revisions = home.revisions.count()
        self.assertEqual(DemoContentLoader().load(), [])
        self.assertEqual(MembershipPage.objects.count(), 1)
        self.assertEqual(HomePage.objects.get().revisions.count(), revisions)

        # The menu, the home page's invitation and every project page lead to it.
        html = self.client.get("/").content.decode()
        self.assertIn('href="/lid-worden/"', html)
        invitation = re.search(
            r'<section[^>]*aria-labelledby="membership-heading".*?</section>', html, re.S
        )
        self.assertIsNotNone(invitation)
        self.assertIn('href="/lid-worden/"', invitation.group(0))
        project = self.client.get(SEED_URL)
        self.assertContains(project, 'id="join-cta-heading"')
        self.assertContains(project, '<a class="button" href="/lid-worden/">Lid worden</a>')

    def test_an_editors_choice_on_the_home_page_is_kept(self):
        DemoContentLoader().load()
        home = HomePage.objects.get()
        about = StandardPage.objects.get(slug="over-ons")
        home.membership_page = about
        home.save_revision().publish()
        DemoContentLoader().load()
        self.assertEqual(HomePage.objects.get().membership_page_id, about.pk)

    def test_a_members_only_event_links_to_the_membership_page(self):
        DemoContentLoader().load()
        event = EventPageFactory(parent=EventIndexPage.objects.get(), open_to_non_members=False)
        response = self.client.get(event.url)
        self.assertContains(response, 'Nog geen lid? <a href="/lid-worden/">Word lid</a>')

    def test_no_invitation_while_there_is_no_membership_page(self):
        DemoContentLoader().load()
        MembershipPage.objects.get().unpublish()
        self.assertNotContains(self.client.get(SEED_URL), 'id="join-cta-heading"')
        self.assertTrue(ProjectPage.objects.exists())
