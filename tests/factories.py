"""Factories for the page tree, so tests build what they need and nothing more."""

import datetime

import factory
import wagtail_factories

from home.models import HomePage, Person, StandardPage
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
