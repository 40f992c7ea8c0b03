"""The public reaction URLs. Only these: none of the comments apps' own URL sets is mounted
(no API, feeds, previews, flag or like views), so no URL can show a reaction that is not
public. <id:...> is home.converters.IdConverter. The tokens in the
links are random; they carry nothing about the reaction or its writer."""

from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("reacties/plaatsen/", views.reaction_post, name="reaction_post"),
    path("reacties/formulier-token/<str:pk>/", views.reaction_token, name="reaction_token"),
    path("reacties/bevestigen/<str:token>/", views.reaction_confirm, name="reaction_confirm"),
    path("reacties/<id:pk>/reageren/", views.reaction_reply, name="reaction_reply"),
    path("reacties/afmelden/<str:token>/", views.reaction_unsubscribe, name="reaction_unsubscribe"),
]
