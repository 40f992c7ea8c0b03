"""Pictures for the demo content, drawn here with Pillow in the brand colours: no image is
downloaded and none needs a licence. Each is stored once as a Wagtail image, found again by
its title on a second run; its description is the alt text readers' screen readers hear."""

import io
import math
from collections.abc import Callable

from django.core.files.images import ImageFile

from wagtail.images import get_image_model

from PIL import Image as PillowImage
from PIL import ImageDraw

WIDTH, HEIGHT = 1600, 900
# The brand colours of static/css/site.css.
ACCENT = (138, 45, 23)
ACCENT_DARK = (107, 34, 17)
DEEP = (61, 20, 10)
SOFT = (246, 226, 211)
PAPER = (255, 250, 244)
BORDER = (228, 211, 197)

Painter = Callable[[ImageDraw.ImageDraw], None]


def gradient(image: PillowImage.Image, top: tuple, bottom: tuple) -> None:
    """A vertical gradient over the whole picture."""
    draw = ImageDraw.Draw(image)
    for y in range(HEIGHT):
        share = y / (HEIGHT - 1)
        colour = tuple(round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (WIDTH, y)], fill=colour)


def draw_picture(painter: Painter, *, sky: tuple = PAPER, ground: tuple = SOFT) -> bytes:
    """A PNG of WIDTH×HEIGHT: a soft gradient, then what painter draws on it."""
    image = PillowImage.new("RGB", (WIDTH, HEIGHT), sky)
    gradient(image, sky, ground)
    painter(ImageDraw.Draw(image))
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def demo_image(*, title: str, description: str, filename: str, painter: Painter, **colours):
    """The Wagtail image called title, drawn and stored when it is not there yet."""
    Image = get_image_model()  # noqa: N806 - a model class
    image = Image.objects.filter(title=title).first()
    if image is not None:
        return image
    content = draw_picture(painter, **colours)
    image = Image(title=title, description=description)
    image.file = ImageFile(io.BytesIO(content), name=filename)
    image.save()
    return image


# -- motifs --------------------------------------------------------------------------------


def hills(draw: ImageDraw.ImageDraw) -> None:
    """The rolling hills of South Limburg under a low sun."""
    draw.ellipse([1080, 140, 1380, 440], fill=(240, 190, 150))
    layers = [(560, 90, SOFT), (640, 120, (214, 140, 110)), (720, 150, ACCENT), (800, 110, DEEP)]
    for base, amplitude, colour in layers:
        points = [(0, HEIGHT)]
        for x in range(0, WIDTH + 40, 40):
            wave = math.sin(x / 260 + base / 90) + 0.5 * math.sin(x / 110 + base)
            points.append((x, base - amplitude * 0.5 * wave))
        points.append((WIDTH, HEIGHT))
        draw.polygon(points, fill=colour)


def kitchen(draw: ImageDraw.ImageDraw) -> None:
    """A pan on the stove with steam rising: looking into each other's kitchens."""
    draw.rectangle([0, 640, WIDTH, HEIGHT], fill=ACCENT_DARK)
    draw.rectangle([0, 620, WIDTH, 650], fill=DEEP)
    for x in (420, 1180):  # burners
        draw.ellipse([x - 170, 600, x + 170, 660], fill=DEEP)
    draw.rounded_rectangle([250, 430, 590, 610], radius=40, fill=ACCENT)  # pot
    draw.rectangle([200, 450, 260, 480], fill=ACCENT)
    draw.rectangle([580, 450, 640, 480], fill=ACCENT)
    draw.ellipse([1010, 540, 1350, 620], fill=ACCENT)  # pan
    draw.rounded_rectangle([1340, 565, 1560, 595], radius=15, fill=ACCENT)
    for start in (330, 420, 510):  # steam
        points = [(start + 25 * math.sin(y / 40), y) for y in range(400, 150, -10)]
        draw.line(points, fill=BORDER, width=14, joint="curve")


def screen(draw: ImageDraw.ImageDraw) -> None:
    """A laptop with a grid of faces: the weekly online contact moment."""
    draw.rounded_rectangle([380, 130, 1220, 660], radius=30, fill=DEEP)
    draw.rectangle([420, 170, 1180, 620], fill=PAPER)
    draw.polygon([(280, 700), (1320, 700), (1400, 780), (200, 780)], fill=ACCENT_DARK)
    tile_w, tile_h = 240, 136
    for row in range(3):
        for column in range(3):
            x = 440 + column * (tile_w + 10)
            y = 185 + row * (tile_h + 10)
            draw.rectangle([x, y, x + tile_w, y + tile_h], fill=SOFT)
            colour = ACCENT if (row + column) % 2 else (214, 140, 110)
            draw.ellipse([x + 95, y + 22, x + 145, y + 72], fill=colour)
            draw.pieslice([x + 65, y + 78, x + 175, y + 188], 180, 360, fill=colour)


def table(draw: ImageDraw.ImageDraw) -> None:
    """A long table with chairs, set for a workshop."""
    draw.rectangle([0, 700, WIDTH, HEIGHT], fill=SOFT)
    draw.rounded_rectangle([260, 470, 1340, 520], radius=12, fill=ACCENT)
    for x in (300, 1280):
        draw.rectangle([x, 520, x + 20, 720], fill=ACCENT_DARK)
    for x in range(340, 1300, 190):
        draw.rounded_rectangle([x, 330, x + 90, 470], radius=14, fill=DEEP)  # chair backs
        draw.ellipse([x + 5, 456, x + 85, 480], fill=PAPER, outline=BORDER, width=3)  # plates
