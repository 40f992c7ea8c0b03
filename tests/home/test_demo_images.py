"""The demo content's pictures: drawn by the project itself (home/demo_images.py), stored
once, with Dutch descriptions as alt texts, on the home page, the seed project and the
events, and as the site's default share image."""

from io import StringIO

from django.core.management import call_command

from wagtail.images import get_image_model

import pytest
from PIL import Image as PillowImage

from events.models import EventPage
from home.models import HomePage, SiteSettings
from projects.models import ProjectPage


@pytest.mark.django_db
class DemoImageTests:
    def test_home_seed_project_and_events_get_drawn_pictures_with_alt_texts(self, client):
        call_command("load_demo_content", stdout=StringIO())
        home = HomePage.objects.get()
        seed = ProjectPage.objects.get()
        events = list(EventPage.objects.all())
        images = [home.listing_image, seed.hero_image, *[event.image for event in events]]
        assert len(events) == 3  # the contact moment and two examples
        assert all(image is not None for image in images)
        assert len({image.pk for image in images}) == 4
        for image in images:
            assert len(image.description) > 30, image.title  # a sentence, not a file name
            with image.open_file() as file, PillowImage.open(file) as picture:
                assert picture.size == (1600, 900)
                assert len(picture.getcolors(1 << 20)) > 10  # drawn, not one flat colour
        assert SiteSettings.objects.get().default_share_image == home.listing_image

        html = client.get(seed.url).content.decode()
        assert f'alt="{seed.hero_image.description}"' in html
        assert '<meta property="og:image" content="http://testserver/media/images/' in html

    def test_a_second_run_draws_nothing_new(self):
        call_command("load_demo_content", stdout=StringIO())
        Image = get_image_model()  # noqa: N806 - a model class
        before = sorted(Image.objects.values_list("pk", "file"))
        call_command("load_demo_content", stdout=StringIO())
        assert sorted(Image.objects.values_list("pk", "file")) == before
        assert len(before) == 4
