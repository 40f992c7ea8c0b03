"""Factories for the page tree, so tests build what they need and nothing more.

home_site() is where a test starts: a home page at the root of the default site, which every
rendered page needs. App factories (tests/<app>/factories.py) add the app's pages below it."""

import datetime

from wagtail.models import Page, Site

import factory
import wagtail_factories

from home.models import HomePage, Person, SiteSettings, StandardPage
from home.sites import default_site_settings
from projects.models import ProjectIndexPage, ProjectPage, ProjectPageAuthor


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Persoon {n}")
    organisation = "Testbedrijf"
    email = factory.Sequence(lambda n: f"persoon{n}@example.com")

    class Meta:
        model = Person


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Start"
    slug = "start"

    class Meta:
        model = HomePage


def home_site(**fields) -> HomePage:
    """A home page (fields override the factory's) as the root of the default site, served at
    http://testserver like the test client; Wagtail's welcome page goes, as in a real install."""
    root = Page.get_first_root_node()
    welcome = list(root.get_children().exact_type(Page))
    home = HomePageFactory(parent=root, **fields)
    site = Site.objects.get(is_default_site=True)  # made by Wagtail's migrations
    site.root_page, site.hostname, site.port = home, "testserver", 80
    site.save()
    for page in welcome:  # only now: deleting a site's root page deletes the site
        page.delete()
    return home


def site_settings(**fields) -> SiteSettings:
    """The default site's settings with fields set and saved."""
    settings = default_site_settings(SiteSettings)
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()
    return settings


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Pagina {n}")

    class Meta:
        model = StandardPage


class ProjectIndexPageFactory(wagtail_factories.PageFactory):
    title = "Projecten"
    slug = "projecten"
    show_in_menus = True

    class Meta:
        model = ProjectIndexPage


class ProjectPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Project {n}")
    intro = "Een korte inleiding."
    organisation = "Testbedrijf"
    date = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n))

    class Meta:
        model = ProjectPage


def add_author(page: ProjectPage, person: Person, order: int = 0) -> ProjectPageAuthor:
    return ProjectPageAuthor.objects.create(page=page, person=person, sort_order=order)
