"""What readers can see of reactions: an unapproved one through no URL at all, and every
approved one as plain, escaped text with safe links."""

import re
from html.parser import HTMLParser

from django.test import override_settings
from django.urls import URLResolver, get_resolver, reverse

from wagtail.models import Page

from projects.models import Reaction
from projects.reactions import bump_reactions_version, reaction_html
from tests.hostile import HOSTILE_COUNT, hostile_strings
from tests.projects.factories import ReactionFactory, ReactionTestCase

WAITING = "Wachtende-reactie-zichtbaar-nergens"
REJECTED = "Afgewezen-reactie-zichtbaar-nergens"
WAITING_REPLY = "Wachtend-antwoord-zichtbaar-nergens"
WAITING_NAME = "Naam-van-een-wachtende"


def public_routes():
    """Every URL pattern the site mounts outside the admin, as (route, name)."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.name

    for route, name in walk(get_resolver().url_patterns):
        if not route.startswith("admin/"):
            yield route, name


class UnapprovedReactionTests(ReactionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.approved = ReactionFactory(page=cls.project, comment="Goedgekeurd", followup=True)
        cls.waiting = ReactionFactory(
            page=cls.project, comment=WAITING, user_name=WAITING_NAME, is_public=False
        )
        cls.rejected = ReactionFactory(page=cls.project, comment=REJECTED, is_removed=True)
        cls.waiting_reply = ReactionFactory(
            page=cls.project, parent_id=cls.approved.pk, comment=WAITING_REPLY, is_public=False
        )

    def urls(self) -> list[str]:
        """A concrete URL for every mounted public pattern, aimed at the hidden reactions."""
        ids = [self.waiting.pk, self.rejected.pk, self.waiting_reply.pk, self.project.pk]
        urls = [page.url for page in Page.objects.live().specific() if page.url]
        urls += [
            f"{self.project_url}?reactie=wacht",
            f"{self.project_url}?reactie=bevestig",
            "/projecten/feed/",
        ]
        for route, name in public_routes():
            if name == "wagtail_serve" or route.startswith("^"):
                continue
            if "<int:" in route:
                urls += ["/" + re.sub(r"<int:\w+>", str(pk), route) for pk in ids]
            else:
                urls.append("/" + re.sub(r"<\w+:\w+>", "x", route))
        # What the comments apps would mount if their URL sets were included: not mounted.
        for pk in ids:
            urls += [
                f"/comments/cr/1/{pk}/",
                f"/comments/reply/{pk}/",
                f"/comments/api/projects-projectpage/{self.project.pk}/",
                f"/comments/sent/?c={pk}",
                f"/comments/flag/{pk}/",
                f"/reacties/api/projects-projectpage/{self.project.pk}/",
                f"/reacties/sent/?c={pk}",
                f"/reacties/reply/{pk}/",
                f"/reacties/preview/{pk}/",
                f"/api/comments/{pk}/",
            ]
        return urls

    def test_no_url_shows_a_reaction_that_is_not_approved(self):
        urls = self.urls()
        self.assertGreater(len(urls), 30)
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertLess(response.status_code, 500)
                content = b"".join(response) if response.streaming else response.content
                for hidden in (WAITING, REJECTED, WAITING_REPLY, WAITING_NAME):
                    self.assertNotIn(hidden.encode(), content)
        self.assertContains(self.client.get(self.project_url), "Goedgekeurd")

    def test_search_finds_no_reaction(self):
        for query in (WAITING, WAITING_NAME, "Goedgekeurd"):
            response = self.client.get("/zoeken/", {"q": query})
            self.assertEqual(len(response.context["results"]), 0)

    def test_comment_app_urls_are_not_mounted(self):
        for url in [
            "/comments/post/",
            "/comments/posted/",
            "/comments/api/",
            "/comments/feeds/",
            f"/reacties/reply/{self.waiting.pk}/",
            f"/reacties/mute/{self.waiting.pk}/",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_reply_pages_only_for_approved_reactions(self):
        for reaction in (self.waiting, self.rejected, self.waiting_reply):
            url = reverse("projects:reaction_reply", args=[reaction.pk])
            self.assertEqual(self.client.get(url).status_code, 404)
        response = self.client.get(reverse("projects:reaction_reply", args=[self.approved.pk]))
        self.assertContains(response, "Goedgekeurd")
        self.assertNotContains(response, WAITING_REPLY)

    def test_no_outside_avatars_or_email_addresses(self):
        html = self.client.get(self.project_url).content.decode()
        self.assertNotIn("gravatar", html.lower())
        self.assertNotIn(self.approved.user_email, html)
        sources = re.findall(r'<img[^>]+src="([^"]+)"', html)
        self.assertTrue(all(src.startswith("/") for src in sources), sources)


class TagCollector(HTMLParser):
    """The start tags inside the reactions list, and the text of each reaction."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.texts: list[str] = []
        self.depth = 0
        self.in_text = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.in_text:
            self.tags.append((tag, attributes))
            if tag == "div":
                self.in_text += 1
        elif tag == "div" and attributes.get("class") == "reaction__text":
            self.in_text = 1
            self.texts.append("")

    def handle_endtag(self, tag):
        if self.in_text and tag == "div":
            self.in_text -= 1

    def handle_data(self, data):
        if self.in_text:
            self.texts[-1] += data


def squeeze(text: str) -> str:
    return "".join(text.split())


class HostileTextTests(ReactionTestCase):
    @override_settings(RATELIMIT_ENABLE=False)
    def test_hostile_text_survives_the_form_and_is_shown_escaped(self):
        """Every string of the shared corpora, posted as a reaction: no 500, nothing lost,
        and the page gets no markup from it but paragraphs, line breaks and safe links."""
        strings = hostile_strings()
        self.assertEqual(len(strings), HOSTILE_COUNT)
        posted = []
        for number, text in enumerate(strings):
            email = f"lezer{number}@example.com"
            response = self.post_reaction(email=email, name=text[:50], comment=text)
            self.assertLess(response.status_code, 500, text)
            if response.status_code == 302:
                self.confirm(email)
                posted.append(text.strip())
            else:  # refused (a NUL character, say): shown again with what was typed
                self.assertEqual(response.status_code, 200, text)
                self.assertTrue(response.context["reaction_form"].errors, text)
        self.assertGreater(len(posted), len(strings) - 10)
        Reaction.objects.update(is_public=True)
        bump_reactions_version(self.project.pk)

        response = self.client.get(self.project_url)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        section = html[html.index('id="reacties"') : html.index('id="reactie-formulier"')]
        parser = TagCollector()
        parser.feed(section)
        self.assertEqual(len(parser.texts), len(posted))
        for tag, attributes in parser.tags:
            self.assertIn(tag, {"p", "br", "a"}, (tag, attributes))
            if tag == "a":
                self.assertEqual(set(attributes), {"href", "rel"})
                self.assertEqual(attributes["rel"], "nofollow ugc noopener")
                self.assertRegex(attributes["href"], r"^https?://")
            else:
                self.assertEqual(attributes, {})
        stored = list(Reaction.objects.order_by("thread_id").values_list("comment", flat=True))
        self.assertEqual(stored, posted)  # nothing lost on the way in
        for text, shown in zip(posted, parser.texts, strict=True):
            self.assertEqual(squeeze(shown), squeeze(text))  # nor on the way out

    def test_script_tags_event_handlers_and_javascript_links(self):
        payloads = {
            "<script>alert(1)</script>": "&lt;script&gt;alert(1)&lt;/script&gt;",
            '<img src=x onerror="alert(1)">': "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;",
            "<a href='javascript:alert(1)'>klik</a>": (
                "&lt;a href=&#x27;javascript:alert(1)&#x27;&gt;klik&lt;/a&gt;"
            ),
            "javascript:alert(document.cookie)": "javascript:alert(document.cookie)",
            'https://example.com/"onmouseover="alert(1)': (
                '<a href="https://example.com/" rel="nofollow ugc noopener">'
                "https://example.com/</a>&quot;onmouseover=&quot;alert(1)"
            ),
        }
        for payload, expected in payloads.items():
            with self.subTest(payload=payload):
                self.assertIn(expected, reaction_html(payload))
                reaction = ReactionFactory(
                    page=self.project, comment=payload, user_name=payload[:50]
                )
                html = self.client.get(self.project_url).content.decode()
                self.assertIn(expected, html)
                if "<" in payload:
                    self.assertNotIn(payload, html)
                self.assertNotIn('href="javascript', html)
                self.assertNotIn("<script>alert", html)
                reaction.delete()

    def test_web_addresses_become_nofollow_links(self):
        html = reaction_html(
            "Zie www.leisurelablimburg.nl, of (https://example.com/pad_(1)).\nTot gauw!"
        )
        self.assertEqual(
            html,
            '<p>Zie <a href="http://www.leisurelablimburg.nl" rel="nofollow ugc noopener">'
            "www.leisurelablimburg.nl</a>, of (<a "
            'href="https://example.com/pad_(1)" rel="nofollow ugc noopener">'
            "https://example.com/pad_(1)</a>).<br>Tot gauw!</p>",
        )

    def test_line_breaks_and_paragraphs(self):
        self.assertEqual(reaction_html("Eén\ntwee\n\nDrie"), "<p>Eén<br>twee</p>\n\n<p>Drie</p>")


class OddQueryStringTests(ReactionTestCase):
    def test_nul_and_overlong_values_in_the_query_string(self):
        """PostgreSQL refuses a NUL character in a query (a 500 if it gets there)."""
        for url, query in [
            ("/projecten/", {"tag": "\x00"}),
            ("/projecten/", {"tag": "horeca\x00", "page": "\x00"}),
            ("/projecten/", {"tag": "x" * 5000, "page": "9" * 30}),
            ("/projecten/feed/", {"tag": "\x00"}),
            (self.project_url, {"reactie": "\x00"}),
        ]:
            with self.subTest(url=url, query=query):
                self.assertEqual(self.client.get(url, query).status_code, 200)
