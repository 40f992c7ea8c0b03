from django.contrib.auth import get_user_model

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import HomePage, HomePageFeaturedProject, StandardPage
from projects.models import ProjectIndexPage
from tests.factories import (
    ProjectIndexPageFactory,
    ProjectPageFactory,
    StandardPageFactory,
    home_site,
    site_settings,
)


class PageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = home_site(title="Welkom bij het lab")
        index = ProjectIndexPageFactory(parent=cls.home)
        ProjectPageFactory(parent=index, title="Kijken in elkaars keuken")
        StandardPageFactory(parent=cls.home, title="Over ons", slug="over-ons", show_in_menus=True)
        privacy = StandardPageFactory(
            parent=cls.home, title="Privacyverklaring", slug="privacyverklaring", is_draft_text=True
        )
        site_settings(contact_email="info@example.com", privacy_page=privacy)
        cls.admin = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_home_page_only_under_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_only_one_home_page(self):
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    def test_standard_page_parents(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})

    def test_home_page_children(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        # One projects index per site: setUpTestData made it.
        self.assertFalse(ProjectIndexPage.can_create_at(self.home))

    def test_standard_page_created_through_admin_form(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Contact",
                    "slug": "contact",
                    "intro": "Zo bereik je ons.",
                    "body": streamfield(
                        [
                            ("heading", "Bel of mail"),
                            ("paragraph", rich_text("<p>Mail ons gerust.</p>")),
                            ("quote", {"text": "Samen beter.", "attribution": "Het bestuur"}),
                            ("cta", {"text": "Naar projecten", "page": "", "url": "https://x.nl"}),
                        ]
                    ),
                    "is_draft_text": "",
                }
            ),
        )
        page = StandardPage.objects.get(slug="contact")
        self.assertTrue(page.live)
        response = self.client.get(page.url)
        self.assertContains(response, "<h2>Bel of mail</h2>", html=True)
        self.assertContains(response, "Mail ons gerust.")
        self.assertContains(response, "Samen beter.")
        self.assertContains(response, 'href="https://x.nl"')

    def test_call_to_action_needs_a_target(self):
        data = nested_form_data(
            {
                "title": "Leeg",
                "slug": "leeg",
                "body": streamfield([("cta", {"text": "Klik", "page": "", "url": ""})]),
            }
        )
        with self.assertRaises(AssertionError) as raised:
            self.assertCanCreate(self.home, StandardPage, data)
        self.assertIn("body", str(raised.exception))
        self.assertFalse(StandardPage.objects.filter(slug="leeg").exists())

    def test_home_page_edit_form_saves(self):
        self.assertPageIsEditable(self.home)

    def test_home_page_renders_sections(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<html lang="nl">')
        self.assertContains(response, "<h1>Welkom bij het lab</h1>", html=True)
        self.assertContains(response, "Uit de keuken")
        self.assertContains(response, "Kijken in elkaars keuken")
        self.assertContains(response, 'id="agenda"')
        self.assertContains(response, "Interesse om ook aan te sluiten?")
        self.assertContains(response, 'href="#main"')

    def test_featured_projects_replace_the_newest(self):
        index = ProjectIndexPage.objects.get()
        chosen = ProjectPageFactory(parent=index, title="Uitgekozen verhaal")
        ProjectPageFactory(parent=index, title="Nieuwste verhaal")
        HomePageFeaturedProject.objects.create(home_page=self.home, page=chosen)
        response = self.client.get("/")
        self.assertContains(response, "Uitgekozen verhaal")
        self.assertNotContains(response, "Nieuwste verhaal")

    def test_draft_privacy_statement_says_so(self):
        self.assertContains(self.client.get("/privacyverklaring/"), "Concepttekst")
        self.assertNotContains(self.client.get("/over-ons/"), "Concepttekst")

    def test_header_menu_lists_menu_pages(self):
        response = self.client.get("/over-ons/")
        nav = response.content.decode().split('aria-label="Hoofdmenu"')[1].split("</nav>")[0]
        self.assertIn('href="/projecten/"', nav)
        self.assertIn('href="/over-ons/" aria-current="page"', nav)
        self.assertNotIn("Privacyverklaring", nav)

    def test_every_page_has_description_open_graph_and_canonical(self):
        for url in ["/", "/projecten/", "/over-ons/", "/privacyverklaring/"]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, '<meta name="description" content="')
                self.assertContains(response, '<meta property="og:title"')
                self.assertContains(
                    response, f'<link rel="canonical" href="http://testserver{url}">'
                )

    def test_footer_shows_contact_details_and_privacy_link(self):
        response = self.client.get("/")
        footer = response.content.decode().split('class="site-footer"')[1]
        self.assertIn("info@example.com", footer)
        self.assertIn('href="/privacyverklaring/"', footer)


class EmptyTreeTests(WagtailPageTestCase):
    """The pages the demo content makes once can also be made by an editor in a new site."""

    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_home_and_projects_index_created_through_admin_forms(self):
        root = Page.get_first_root_node()
        self.assertCanCreate(
            root,
            HomePage,
            nested_form_data(
                {
                    "title": "Welkom",
                    "slug": "welkom",
                    "intro": "Kennisplatform voor de leisure.",
                    "featured_title": "Uit de keuken",
                    "featured_projects": inline_formset([]),
                    "events_title": "Binnenkort",
                }
            ),
        )
        home = HomePage.objects.get(slug="welkom")
        self.assertCanCreate(
            home,
            ProjectIndexPage,
            nested_form_data({"title": "Projecten", "slug": "projecten", "intro": ""}),
        )
        self.assertTrue(ProjectIndexPage.objects.get().live)
        self.assertFalse(HomePage.can_create_at(root))
