"""The member directory ("Onze leden") and the home page's row of members."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data

from home.models import HomePage, StandardPage
from membership.member_services import member_end, member_listing_update
from membership.models import Member, MemberDirectoryPage

from .factories import MemberDirectoryPageFactory, MemberFactory, listed, membership_site


class MemberDirectoryTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        membership_site()
        cls.home = HomePage.objects.get()
        cls.directory = MemberDirectoryPageFactory(parent=cls.home)

    def html(self, query="") -> str:
        response = self.client.get(self.directory.url + query)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_page_type_created_through_the_admin_and_pinned_below_home(self):
        MemberDirectoryPage.objects.all().delete()
        admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
        self.client.force_login(admin)
        self.assertAllowedParentPageTypes(MemberDirectoryPage, {HomePage})
        self.assertAllowedSubpageTypes(MemberDirectoryPage, set())
        self.assertCanNotCreateAt(StandardPage, MemberDirectoryPage)
        self.assertCanCreate(
            self.home,
            MemberDirectoryPage,
            nested_form_data({"title": "Onze leden", "slug": "leden-lijst", "intro": "Wie."}),
        )
        self.assertFalse(MemberDirectoryPage.can_create_at(self.home))  # only one
        self.client.logout()
        self.assertContains(self.client.get("/leden-lijst/"), "Nog geen leden in de lijst.")

    def test_only_opted_in_active_visible_members(self):
        visible = listed(MemberFactory(organisation="Zichtbaar Hotel"))
        MemberFactory(organisation="Niet Aangemeld")
        listed(MemberFactory(organisation="Opgezegd Bedrijf", status=Member.Status.CANCELLED))
        listed(MemberFactory(organisation="Beeindigd Bedrijf", status=Member.Status.ENDED))
        listed(MemberFactory(organisation="Verborgen Bedrijf"), listing_hidden_reason="x")
        Member.objects.filter(organisation="Verborgen Bedrijf").update(
            listing_hidden_at="2025-01-01T00:00:00Z"
        )
        html = self.html()
        self.assertIn("Zichtbaar Hotel", html)
        for hidden in ("Niet Aangemeld", "Opgezegd", "Beeindigd", "Verborgen Bedrijf"):
            self.assertNotIn(hidden, html)
        # Email addresses are never shown.
        self.assertNotIn(visible.email, html)

    def test_filters_by_sector_and_place(self):
        listed(MemberFactory(organisation="Eetcafe", sector="horeca", municipality="Heerlen"))
        listed(MemberFactory(organisation="Camping", sector="verblijf", municipality="Heerlen"))
        listed(MemberFactory(organisation="Museum", sector="attractie", municipality="Sittard"))
        html = self.html("?sector=horeca")
        self.assertIn("Eetcafe", html)
        self.assertNotIn("Camping", html)
        html = self.html("?plaats=Heerlen")
        self.assertIn("Eetcafe", html)
        self.assertIn("Camping", html)
        self.assertNotIn("Museum", html)
        html = self.html("?sector=verblijf&plaats=Heerlen")
        self.assertIn("Camping", html)
        self.assertNotIn("Eetcafe", html)
        # Unknown values filter nothing and break nothing.
        html = self.html("?sector=<script>&plaats=Nergens&page=abc")
        self.assertIn("Museum", html)
        self.assertNotIn("<script>", html)

    def test_paginated_with_filters_kept(self):
        for index in range(MemberDirectoryPage.per_page + 2):
            listed(MemberFactory(organisation=f"Bedrijf {index:02d}", sector="horeca"))
        html = self.html("?sector=horeca")
        self.assertIn("Pagina 1 van 2", html)
        self.assertIn("?sector=horeca&amp;page=2", html)
        self.assertIn("Bedrijf 13", self.html("?sector=horeca&page=2"))

    def test_query_count_does_not_grow_with_members(self):
        self.html()
        for index in range(3):
            listed(MemberFactory(organisation=f"A{index}"))
        with self.assertNumQueries(self._queries()):
            self.html()
        for index in range(10):
            listed(MemberFactory(organisation=f"B{index}"))
        with self.assertNumQueries(self._queries()):
            self.html()

    def _queries(self) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.html()
        return len(queries)

    def test_home_row_links_to_the_directory_when_there_are_members(self):
        self.assertNotIn('id="members-heading"', self.client.get("/").content.decode())
        member = MemberFactory(organisation="Kasteel Hoensbroek")
        with self.captureOnCommitCallbacks(execute=True):
            member_listing_update(member=member, listed=True)  # as the member area does
        html = self.client.get("/").content.decode()
        self.assertIn('id="members-heading"', html)
        self.assertIn("Kasteel Hoensbroek", html)
        self.assertIn(f'href="{self.directory.url}"', html)
        # An ended membership leaves the row at once.
        with self.captureOnCommitCallbacks(execute=True):
            member_end(member=member, ended_on=member.member_since)
        self.assertNotIn("Kasteel Hoensbroek", self.client.get("/").content.decode())
