"""Membership URLs outside the page tree: the links in the signup mail keep working when an
editor moves or renames the "Lid worden" page."""

from django.urls import path

from . import views

app_name = "membership"

urlpatterns = [
    path("aanmelding/bevestigen/<str:token>/", views.confirm, name="confirm"),
    path(
        "aanmelding/nieuwsbrief/<str:token>/",
        views.newsletter_confirm,
        name="newsletter_confirm",
    ),
]
