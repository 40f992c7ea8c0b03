from django.urls import path, re_path

from home.converters import ID_PATTERN

from . import views

app_name = "events"
DAY_PATTERN = "[0-9]{4}-[0-9]{2}-[0-9]{2}"

urlpatterns = [
    # Stable addresses for calendar subscriptions (offered as webcal://).
    path("kalender/agenda.ics", views.calendar_feed, name="calendar"),
    path("kalender/<slug:event_type>.ics", views.calendar_feed, name="calendar_type"),
    # "Zet in je agenda": by the page's id, so the address survives a new slug. Only ids a
    # database can hold (home.converters): SQLite cannot even look up a longer number.
    path("kalender/bijeenkomst/<id:page_id>.ics", views.event_ics, name="event_ics"),
    re_path(
        rf"^kalender/bijeenkomst/(?P<page_id>{ID_PATTERN})/(?P<day>{DAY_PATTERN})\.ics$",
        views.event_ics,
        name="occurrence_ics",
    ),
    path("bijeenkomsten/afmelden/<str:token>/", views.registration_cancel, name="cancel"),
]
