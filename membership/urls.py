"""Membership URLs outside the page tree: the links in mails keep working when an editor
moves or renames the "Lid worden" page, and the member area is never a cached page."""

from django.urls import path

from . import member_views, views

app_name = "membership"

urlpatterns = [
    path("aanmelding/bevestigen/<str:token>/", views.confirm, name="confirm"),
    path(
        "aanmelding/nieuwsbrief/<str:token>/",
        views.newsletter_confirm,
        name="newsletter_confirm",
    ),
    path("leden/inloggen/", member_views.sign_in, name="sign_in"),
    path("leden/inloggen/verstuurd/", member_views.sign_in_sent, name="sign_in_sent"),
    path("leden/inloggen/<str:token>/", member_views.sign_in_link, name="sign_in_link"),
    path("leden/uitloggen/", member_views.sign_out, name="sign_out"),
    path("mijn-leisure-lab/", member_views.member_area, name="member_area"),
    path("mijn-leisure-lab/nieuwsbrief/", member_views.newsletter, name="member_newsletter"),
    path("mijn-leisure-lab/ledenlijst/", member_views.listing, name="member_listing"),
    path("mijn-leisure-lab/mijn-gegevens/", member_views.download, name="member_download"),
    path("mijn-leisure-lab/opzeggen/", member_views.cancel, name="member_cancel"),
]
