"""A project page links its tags to the filtered index, offers plain share links (no
third-party script) and ends with up to three projects that share a tag."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import ProjectIndexPageFactory, ProjectPageFactory, home_site
from tests.home.test_query_budgets import PROJECT_PAGE, steady_queries


@pytest.fixture
def index(db):
    return ProjectIndexPageFactory(parent=home_site())


def project(index, title, *tags, **fields):
    page = ProjectPageFactory(parent=index, title=title, **fields)
    if tags:
        page.tags.add(*tags)
        page.save_revision().publish()
    return page


def related_titles(html: str) -> list[str]:
    if 'class="container section related-projects"' not in html:
        return []
    section = html.split('class="container section related-projects"', 1)[1]
    return re.findall(r'<h3 class="card__title">\s*<a href="[^"]+">([^<]+)</a>', section)


@pytest.mark.django_db
class TagLinkTests:
    def test_tags_link_to_the_filtered_index(self, client, index):
        page = project(index, "Hotel aan de Maas", "Horeca & verblijf", "Zuid-Limburg")
        html = client.get(page.url).content.decode()
        assert '<a href="/projecten/?tag=horeca-verblijf">Horeca &amp; verblijf</a>' in html
        assert '<a href="/projecten/?tag=zuid-limburg">Zuid-Limburg</a>' in html
        filtered = client.get("/projecten/?tag=horeca-verblijf")
        assert [p.title for p in filtered.context["projects"]] == ["Hotel aan de Maas"]


@pytest.mark.django_db
class ShareLinkTests:
    def test_mail_whatsapp_and_linkedin_as_plain_links(self, client, index):
        page = project(index, "Koken & delen")
        html = client.get(page.url).content.decode()
        share = html.split('<nav class="share-links"', 1)[1].split("</nav>", 1)[0]
        links = re.findall(r'<a href="([^"]+)" rel="noopener noreferrer"[^>]*>([\w-]+)', share)
        by_label = {label: url.replace("&amp;", "&") for url, label in links}
        assert list(by_label) == ["E-mail", "WhatsApp", "LinkedIn"]
        full_url = "http://testserver/projecten/koken-delen/"
        mail = urlsplit(by_label["E-mail"])
        assert mail.scheme == "mailto"
        assert parse_qs(mail.query) == {"subject": ["Koken & delen"], "body": [full_url]}
        assert "+" not in mail.query  # a mail program reads + literally
        whatsapp = urlsplit(by_label["WhatsApp"])
        assert (whatsapp.netloc, parse_qs(whatsapp.query)["text"]) == (
            "wa.me",
            [f"Koken & delen – {full_url}"],
        )
        linkedin = urlsplit(by_label["LinkedIn"])
        assert linkedin.netloc == "www.linkedin.com"
        assert parse_qs(linkedin.query) == {"url": [full_url]}
        # Nothing loaded from those hosts: no script, frame or image of theirs.
        assert not re.search(r"<(script|iframe|img)[^>]+(wa\.me|linkedin)", html)


@pytest.mark.django_db
class RelatedProjectTests:
    def test_up_to_three_newest_projects_sharing_a_tag(self, client, index):
        page = project(index, "Hier", "horeca")
        for number in range(5):
            project(index, f"Horeca {number}", "horeca")
        project(index, "Ander vak", "attracties")
        draft = ProjectPageFactory(parent=index, title="Concept", live=False)
        draft.tags.add("horeca")
        draft.save()
        html = client.get(page.url).content.decode()
        assert related_titles(html) == ["Horeca 4", "Horeca 3", "Horeca 2"]
        assert "Meer projecten uit dezelfde sector" in html

    def test_no_section_without_tags_or_matches(self, client, index):
        lonely = project(index, "Alleen", "uniek")
        project(index, "Ander", "anders")
        assert related_titles(client.get(lonely.url).content.decode()) == []
        assert "Meer projecten uit dezelfde sector" not in client.get(lonely.url).content.decode()

    def test_no_extra_query_per_card(self, client, index):
        page = project(index, "Hier", "horeca", "regio")
        project(index, "Een", "horeca")
        steady_queries(client, page.url)
        one, first_sql = steady_queries(client, page.url)
        for number in range(10):
            project(index, f"Meer {number}", "horeca", "regio")
        many, sql = steady_queries(client, page.url)
        assert many == one, "\n".join(q[:150] for q in first_sql)
        # Two more than a project page without related projects: the related projects and
        # their authors, each in one query.
        assert many <= PROJECT_PAGE + 2, sql
