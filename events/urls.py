from django.urls import path, re_path

from . import views

app_name = "events"

urlpatterns = [
    # Stable addresses for calendar subscriptions (offered as webcal://).
    path("kalender/agenda.ics", views.calendar_feed, name="calendar"),
    path("kalender/<slug:event_type>.ics", views.calendar_feed, name="calendar_type"),
    # "Zet in je agenda": by the page's id, so the address survives a new slug.
    path("kalender/bijeenkomst/<int:page_id>.ics", views.event_ics, name="event_ics"),
    re_path(
        r"^kalender/bijeenkomst/(?P<page_id>\d+)/(?P<day>\d{4}-\d{2}-\d{2})\.ics$",
        views.event_ics,
        name="occurrence_ics",
    ),
    path("bijeenkomsten/afmelden/<str:token>/", views.registration_cancel, name="cancel"),
]
