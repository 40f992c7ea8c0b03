"""The "Lid worden" page in the page tree, the demo content, and the links to it that
membership adds to other apps' pages through home.registry."""

import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home.demo import DemoContentLoader
from home.models import HomePage, SiteSettings, StandardPage
from membership.models import MembershipPage, MembershipSettings, MembershipType
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.factories import ProjectIndexPageFactory, ProjectPageFactory

from .factories import membership_site

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def invitation(html: str) -> str:
    found = re.search(r'<section[^>]*aria-labelledby="membership-heading".*?</section>', html, re.S)
    return found.group(0) if found else ""


class MembershipPageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = membership_site()
        cls.home = HomePage.objects.get()
        cls.admin = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_allowed_parents_and_children(self):
        self.assertAllowedParentPageTypes(MembershipPage, {HomePage})
        self.assertAllowedSubpageTypes(MembershipPage, set())
        self.assertCanNotCreateAt(StandardPage, MembershipPage)
        # There is one already, and there can be only one.
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


class MembershipInvitationTests(WagtailPageTestCase):
    """Membership contributes to the home page, under stories and on event pages through the
    registry; those pages' templates do not name membership."""

    @classmethod
    def setUpTestData(cls):
        cls.page = membership_site()
        cls.home = HomePage.objects.get()
        cls.site = Site.objects.get(is_default_site=True)

    def test_home_page_shows_the_invitation_from_the_membership_settings(self):
        settings = MembershipSettings.for_site(self.site)
        settings.home_title = "Doe mee!"
        settings.home_text = "Kijk in elkaars keuken."
        settings.home_link_text = "Aanmelden"
        settings.save()
        section = invitation(self.client.get("/").content.decode())
        self.assertIn("Doe mee!", section)
        self.assertIn("Kijk in elkaars keuken.", section)
        self.assertIn('<a class="button" href="/lid-worden/">Aanmelden</a>', section)

    def test_without_a_membership_page_the_button_mails_the_contact_address(self):
        self.page.unpublish()
        section = invitation(self.client.get("/").content.decode())
        self.assertIn('href="mailto:info@example.com"', section)
        site_settings = SiteSettings.for_site(self.site)
        site_settings.contact_email = ""
        site_settings.save()
        section = invitation(self.client.get("/").content.decode())
        self.assertIn("Interesse om ook aan te sluiten?", section)
        self.assertNotIn("<a ", section)

    def test_stories_end_with_the_invitation_while_the_page_is_live(self):
        index = ProjectIndexPageFactory(parent=self.home)
        project = ProjectPageFactory(parent=index)
        response = self.client.get(project.url)
        self.assertContains(response, 'id="join-cta-heading"')
        self.assertContains(response, '<a class="button" href="/lid-worden/">Lid worden</a>')
        self.page.unpublish()
        self.assertNotContains(self.client.get(project.url), 'id="join-cta-heading"')

    def test_a_members_only_event_links_to_the_membership_page(self):
        agenda = EventIndexPageFactory(parent=self.home)
        event = EventPageFactory(parent=agenda, open_to_non_members=False)
        response = self.client.get(event.url)
        self.assertContains(response, 'Nog geen lid? <a href="/lid-worden/">Word lid</a>')

    def test_other_apps_templates_do_not_name_membership(self):
        for name in ("home/home_page.html", "projects/project_page.html", "events/event_page.html"):
            text = (TEMPLATES / name).read_text()
            self.assertNotIn("membership/", text, name)
            self.assertNotIn("membership_tags", text, name)


class MembershipDemoContentTests(WagtailPageTestCase):
    def test_demo_content_links_the_page_everywhere_and_is_idempotent(self):
        DemoContentLoader().load()
        page = MembershipPage.objects.get()
        self.assertEqual(page.slug, "lid-worden")
        self.assertTrue(page.show_in_menus and page.live)
        self.assertTrue(all(t.fee_is_example for t in page.membership_types.all()))
        self.assertEqual(page.membership_types.count(), 3)

        revisions = page.revisions.count()
        self.assertEqual(DemoContentLoader().load(), [])
        self.assertEqual(MembershipPage.objects.count(), 1)
        self.assertEqual(MembershipPage.objects.get().revisions.count(), revisions)

        # The menu and the home page's invitation lead to it.
        html = self.client.get("/").content.decode()
        self.assertIn('href="/lid-worden/"', html)
        self.assertIn('href="/lid-worden/"', invitation(html))
