"""What membership adds to other apps' pages through home.registry (see apps.py): the
invitation on the home page, the invitation under stories, and the "join" link that event
pages use for their members-only notice. Each is rendered once per change of pages or
settings (home.caching), so a warm page pays no query for it."""

from django.template.loader import render_to_string
from django.urls import reverse

from wagtail.models import Page, Site

from home.caching import cached_until_change
from home.models import SiteSettings
from home.sites import default_site

from .models import Member, MembershipSettings

HOME_MEMBERS = 12

JOIN_LABEL = "Lid worden"


def _site(request) -> Site | None:
    if request is not None:
        site = Site.find_for_request(request)
        if site is not None:
            return site
    return default_site()


def membership_page_url() -> str:
    """The URL of the live membership page ("Lid worden"), or "" while there is none."""

    def url():
        page = (
            Page.objects.live()
            .filter(content_type__app_label="membership", content_type__model="membershippage")
            .first()
        )
        return page.get_url() if page is not None else ""

    return cached_until_change("membership-page-url", url)


def join_link() -> tuple[str, str]:
    return membership_page_url(), JOIN_LABEL


def home_invitation(request) -> str:
    """The invitation to become a member on the home page: to the "Lid worden" page, or to the
    contact address while there is none; nothing when there is neither."""
    site = _site(request)
    if site is None:
        return ""

    def render():
        # Not for_site(): that saves a missing row, and a save empties this very cache.
        settings = MembershipSettings.objects.filter(site=site).first() or MembershipSettings()
        url = membership_page_url()
        if not url:
            site_settings = SiteSettings.objects.filter(site=site).first()
            contact = site_settings.contact_email if site_settings else ""
            url = f"mailto:{contact}" if contact else ""
        return render_to_string(
            "membership/components/home_invitation.html", {"settings": settings, "url": url}
        )

    return cached_until_change(f"membership-home-invitation:{site.pk}", render)


def join_invitation(request) -> str:
    """ "Interesse om ook aan te sluiten?" under stories; nothing without a live page."""
    return cached_until_change(
        "membership-join-cta",
        lambda: render_to_string(
            "membership/components/join_cta.html", {"url": membership_page_url()}
        ),
    )


def sign_in_link() -> tuple[str, str]:
    return reverse("membership:sign_in"), "Inloggen voor leden"


def directory_page_url() -> str:
    def url():
        page = (
            Page.objects.live()
            .filter(content_type__app_label="membership", content_type__model="memberdirectorypage")
            .first()
        )
        return page.get_url() if page is not None else ""

    return cached_until_change("membership-directory-url", url)


def home_members(request) -> str:
    """A row of member logos or names on the home page, linking to "Onze leden", when there
    is a live directory page and members in it."""

    def render():
        url = directory_page_url()
        if not url:
            return ""
        members = list(
            Member.objects.in_directory()
            .order_by("-listed_at", "pk")
            .only("name", "organisation", "logo", "listed_at")[:HOME_MEMBERS]
        )
        if not members:
            return ""
        return render_to_string(
            "membership/components/home_members.html", {"members": members, "url": url}
        )

    return cached_until_change("membership-home-members", render)
