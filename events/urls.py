from django.urls import path, re_path

from . import views

app_name = "events"

urlpatterns = [
    # Stable addresses for calendar subscriptions (offered as webcal://).
    path("kalender/agenda.ics", views.calendar_feed, name="calendar"),
    path("kalender/<slug:event_type>.ics", views.calendar_feed, name="calendar_type"),
    # "Zet in je agenda": by the page's id, so the address survives a new slug. ASCII digits
    # only, and no more than an id can have: SQLite cannot even look up a longer number.
    re_path(
        r"^kalender/bijeenkomst/(?P<page_id>[0-9]{1,18})\.ics$", views.event_ics, name="event_ics"
    ),
    re_path(
        r"^kalender/bijeenkomst/(?P<page_id>[0-9]{1,18})/(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})\.ics$",
        views.event_ics,
        name="occurrence_ics",
    ),
    path("bijeenkomsten/afmelden/<str:token>/", views.registration_cancel, name="cancel"),
]
