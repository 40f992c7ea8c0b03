from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import formtokens
from home import views as home_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("zoeken/", home_views.search, name="search"),
    path("formulier-token/", formtokens.form_token, name="form_token"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("", include("projects.urls")),
    path("", include("events.urls")),
    path("", include("membership.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

# The database being away answers 503 with Retry-After, any other error the usual 500.
handler500 = "home.health.server_error"
