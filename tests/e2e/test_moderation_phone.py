"""A moderator on a phone (375 px wide) approves and rejects reactions in the Wagtail admin:
the buttons of every row are on screen and clickable without scrolling sideways, on the page
or inside the table."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from projects.models import Reaction

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
LONG_TEXT = (
    "Een lange reactie met een heel lang woord erin: "
    "gastvrijheidsondernemersnetwerkbijeenkomstverslag, en een link "
    "https://www.example.org/een/heel/lang/pad/dat/niet/afbreekt/zonder/hulp"
)


@pytest.fixture
def waiting(site):
    from tests.projects.factories import ReactionFactory

    now = timezone.now()
    return [
        ReactionFactory(
            page=site.project,
            user_name="Anna de Vries-van den Heuvelstraatmakers",
            user_email="anna.de.vries.van.den.heuvel@voorbeeld-ondernemers.example.com",
            comment=LONG_TEXT,
            is_public=False,
            submit_date=now - datetime.timedelta(minutes=5),
        ),
        ReactionFactory(
            page=site.project,
            user_name="Bert",
            comment="Kort.",
            is_public=False,
            submit_date=now,
        ),
    ]


def log_in_as_moderator(page) -> None:
    moderator = get_user_model().objects.create_user(
        "moderator", "moderator@example.com", "geheim-wachtwoord"
    )
    moderator.groups.add(Group.objects.get(name="Moderators"))
    page.goto("/admin/login/")
    page.locator('input[name="username"]').fill("moderator")
    page.locator('input[name="password"]').fill("geheim-wachtwoord")
    page.locator('form button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def assert_on_screen(page, locator, width: int = PHONE["width"]) -> None:
    """Inside the viewport as it is, with nothing scrolled sideways to get there."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    assert box["width"] >= 24 and box["height"] >= 24, box  # WCAG 2.5.8 target size
    sideways = page.evaluate(
        """el => { const shifted = [];
            for (let n = el; n; n = n.parentElement) {
                if (n.scrollLeft > 0) shifted.push(n.tagName + '.' + n.className);
            }
            return shifted; }""",
        locator.element_handle(),
    )
    assert sideways == [], sideways


def test_moderator_approves_and_rejects_at_375px(new_page, waiting, tmp_path):
    page = new_page(**PHONE)
    log_in_as_moderator(page)
    page.goto("/admin/reacties/?status=waiting")
    page.screenshot(path=str(tmp_path / "reacties-375.png"), full_page=True)
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= PHONE["width"], page_width
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(el => el.clientWidth > 1  // not the visually hidden texts
                    && el.scrollWidth > el.clientWidth + 1
                    && getComputedStyle(el).overflowX !== 'visible')
            .map(el => el.tagName + '.' + el.className)"""
    )
    assert overflowing == [], overflowing

    for reaction in waiting:
        row = page.locator("tr", has_text=reaction.user_name)
        assert_on_screen(page, row.get_by_role("button", name="Goedkeuren"))
        assert_on_screen(page, row.get_by_role("link", name="Afwijzen"))

    anna, bert = waiting
    page.locator("tr", has_text=anna.user_name).get_by_role("button", name="Goedkeuren").click()
    expect(page.get_by_text(f"De reactie van {anna.user_name} staat online.")).to_be_visible()
    assert Reaction.objects.get(pk=anna.pk).is_public

    page.locator("tr", has_text="Bert").get_by_role("link", name="Afwijzen").click()
    expect(page).to_have_url(re.compile(rf"/admin/reacties/{bert.pk}/"))
    button = page.get_by_role("button", name=re.compile("Afwijzen"))
    assert_on_screen(page, button)
    button.click()
    expect(page.get_by_text("De reactie van Bert is afgewezen.")).to_be_visible()
    assert Reaction.objects.get(pk=bert.pk).is_removed
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_list_stays_a_table_on_a_desktop(new_page, waiting, tmp_path):
    page = new_page(1280, 800)
    log_in_as_moderator(page)
    page.goto("/admin/reacties/?status=waiting")
    page.screenshot(path=str(tmp_path / "reacties-1280.png"), full_page=True)
    expect(page.locator(".reactions-table thead")).to_be_visible()
    row = page.locator("tr", has_text=waiting[0].user_name)
    assert_on_screen(page, row.get_by_role("button", name="Goedkeuren"), width=1280)
    # The reaction keeps a readable column: long words wrap, not the whole column.
    comment = row.locator("td").nth(4).bounding_box()
    assert comment["width"] >= 250, comment
