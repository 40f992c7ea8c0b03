import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from defusedxml.ElementTree import fromstring

from home.models import HomePage, StandardPage
from home.registry import registry
from projects.models import ProjectIndexPage, ProjectPage
from tests.factories import PersonFactory, ProjectPageFactory, add_author
from tests.projects.factories import build_site


class ProjectPageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.home = HomePage.objects.get()
        cls.index = ProjectIndexPage.objects.get()
        cls.admin = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")
        cls.laura = PersonFactory(name="Laura", email="laura@example.com")
        cls.rob = PersonFactory(name="Rob", email="rob@example.com")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_allowed_parents_and_children(self):
        self.assertAllowedParentPageTypes(ProjectIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ProjectIndexPage, {ProjectPage})
        self.assertAllowedParentPageTypes(ProjectPage, {ProjectIndexPage})
        self.assertAllowedSubpageTypes(ProjectPage, set())
        self.assertCanNotCreateAt(HomePage, ProjectPage)
        self.assertCanNotCreateAt(StandardPage, ProjectPage)

    def test_projects_tell_home_which_pages_can_be_featured(self):
        """Home names no project page type: projects registers it (apps.py)."""
        self.assertEqual(registry.featured_page_types, ["projects.ProjectPage"])
        form_class = HomePage.get_edit_handler().get_form_class()
        chooser = form_class.formsets["featured_projects"].form.base_fields["page"].widget
        self.assertEqual(chooser.target_models, [ProjectPage])

    def project_form(self, **overrides):
        data = {
            "title": "Samen de zomer door",
            "slug": "samen-de-zomer-door",
            "intro": "Drie ondernemers delen hun aanpak.",
            "authors": inline_formset([{"person": self.rob.pk}, {"person": self.laura.pk}]),
            "organisation": "Hotel De Berg",
            "body": streamfield([("paragraph", rich_text("<p>Het begon met een vraag.</p>"))]),
            "website": "https://www.example.com/zomer",
            "date": "2025-06-01",
            "tags": "horeca, verblijf",
        }
        data.update(overrides)
        return nested_form_data(data)

    def test_created_through_admin_form_and_rendered(self):
        self.assertCanCreate(self.index, ProjectPage, self.project_form())
        page = ProjectPage.objects.get(slug="samen-de-zomer-door")
        self.assertEqual(page.author_names(), ["Rob", "Laura"])
        response = self.client.get(page.url)
        self.assertContains(response, "<h1>Samen de zomer door</h1>", html=True)
        self.assertContains(response, "Rob")
        self.assertContains(response, "Hotel De Berg")
        self.assertContains(response, "Het begon met een vraag.")
        self.assertContains(
            response, '<a href="https://www.example.com/zomer" rel="noopener">www.example.com</a>'
        )
        # The authors' email addresses are for notifications only.
        self.assertNotContains(response, "rob@example.com")
        self.assertNotContains(response, "laura@example.com")

    def test_website_must_be_http_or_https(self):
        for bad in ["javascript:alert(1)", "ftp://example.com/file"]:
            with self.subTest(website=bad), self.assertRaises(AssertionError):
                self.assertCanCreate(
                    self.index, ProjectPage, self.project_form(website=bad, slug="bad")
                )
        self.assertFalse(ProjectPage.objects.filter(slug="bad").exists())

    def test_website_validator_on_the_model(self):
        page = ProjectPage(title="X", slug="x", website="javascript:alert(1)")
        with self.assertRaises(ValidationError):
            page.full_clean(exclude=["path", "depth"])


class ProjectIndexTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.index = ProjectIndexPage.objects.get()
        ProjectPage.objects.filter(slug="samen").update(date=datetime.date(2020, 6, 1))
        author = PersonFactory(name="Auteur Een")
        cls.projects = []
        for day in range(1, 15):
            project = ProjectPageFactory(
                parent=cls.index,
                title=f"Verhaal {day:02d}",
                date=datetime.date(2025, 1, day),
            )
            add_author(project, author)
            cls.projects.append(project)
        horeca = cls.projects[0]
        horeca.tags.add("Horeca")
        horeca.save_revision().publish()
        draft = ProjectPageFactory(parent=cls.index, title="Geheim concept", live=False)
        cls.draft = draft

    def test_newest_first_paginated_by_twelve(self):
        response = self.client.get("/projecten/")
        self.assertEqual(response.status_code, 200)
        titles = [project.title for project in response.context["projects"]]
        self.assertEqual(len(titles), 12)
        self.assertEqual(titles[:3], ["Verhaal 14", "Verhaal 13", "Verhaal 12"])
        self.assertContains(response, "Pagina 1 van 2")
        page_two = self.client.get("/projecten/?page=2")
        titles_two = [project.title for project in page_two.context["projects"]]
        self.assertIn("Verhaal 01", titles_two)
        self.assertIn("Samen in elkaars keuken", titles_two)

    def test_card_shows_authors_organisation_and_date(self):
        response = self.client.get("/projecten/")
        self.assertContains(response, "Auteur Een")
        self.assertContains(response, "Testbedrijf")
        self.assertContains(response, '<time datetime="2025-01-14">14 januari 2025</time>')

    def test_drafts_are_not_listed(self):
        for page in ("1", "2"):
            response = self.client.get(f"/projecten/?page={page}")
            self.assertNotContains(response, "Geheim concept")

    def test_bad_page_numbers_do_not_fail(self):
        for value in ["0", "-1", "999", "abc", "1e9", "%00"]:
            with self.subTest(page=value):
                response = self.client.get("/projecten/", {"page": value})
                self.assertEqual(response.status_code, 200)

    def test_filter_by_tag(self):
        response = self.client.get("/projecten/?tag=horeca")
        titles = [project.title for project in response.context["projects"]]
        self.assertEqual(titles, ["Verhaal 01"])
        self.assertContains(response, 'href="/projecten/?tag=horeca" aria-current="true"')

    def test_unknown_tag_gives_an_empty_list(self):
        response = self.client.get("/projecten/", {"tag": "<script>alert(1)</script>"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "in deze sector nog geen projecten")
        self.assertNotContains(response, "<script>alert(1)</script>")

    def test_rss_feed_is_announced_and_lists_live_projects(self):
        response = self.client.get("/projecten/")
        self.assertContains(
            response,
            '<link rel="alternate" type="application/rss+xml" '
            'title="Projecten – Leisure Lab Limburg" href="/projecten/feed/">',
        )
        feed = self.client.get("/projecten/feed/")
        self.assertEqual(feed.status_code, 200)
        self.assertTrue(feed["Content-Type"].startswith("application/rss+xml"))
        root = fromstring(feed.content)
        titles = [item.findtext("title") for item in root.iter("item")]
        self.assertEqual(titles[0], "Verhaal 14")
        self.assertIn("Samen in elkaars keuken", titles)
        self.assertNotIn("Geheim concept", titles)
        links = [item.findtext("link") for item in root.iter("item")]
        self.assertIn("http://testserver/projecten/verhaal-14/", links)

    def test_query_count_does_not_grow_with_projects(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.client.get("/projecten/")
        with CaptureQueriesContext(connection) as twelve:
            self.client.get("/projecten/")
        for extra in range(10):
            project = ProjectPageFactory(parent=self.index, title=f"Extra {extra}")
            add_author(project, PersonFactory())
            project.tags.add(f"sector-{extra}")
            project.save_revision().publish()
        self.client.get("/projecten/")  # publishing dropped the cached menu and footer
        with CaptureQueriesContext(connection) as more:
            self.client.get("/projecten/")
        self.assertEqual(len(twelve), len(more))
        self.assertLessEqual(len(more), 10)
