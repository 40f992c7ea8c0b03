"""The site-wide body: one StreamBlock shared by every page type, so editors learn it once."""

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    """An image with a caption and alternative text for screen readers."""

    image = ImageChooserBlock(label="Afbeelding")
    alt_text = blocks.CharBlock(
        label="Alternatieve tekst",
        max_length=250,
        required=False,
        help_text="Beschrijf wat er op de afbeelding staat. Leeg laten bij een decoratieve "
        "afbeelding.",
    )
    caption = blocks.CharBlock(label="Bijschrift", max_length=250, required=False)

    class Meta:
        icon = "image"
        label = "Afbeelding"
        template = "blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    """A quotation, with who said it."""

    text = blocks.TextBlock(label="Citaat")
    attribution = blocks.CharBlock(label="Van wie", max_length=200, required=False)

    class Meta:
        icon = "openquote"
        label = "Citaat"
        template = "blocks/quote_block.html"


class CallToActionBlock(blocks.StructBlock):
    """A button that sends the reader to a page on this site or to a web address."""

    text = blocks.CharBlock(label="Knoptekst", max_length=80)
    page = blocks.PageChooserBlock(label="Pagina", required=False)
    url = blocks.URLBlock(label="Of een webadres", required=False)

    class Meta:
        icon = "link"
        label = "Knop"
        template = "blocks/cta_block.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError("Kies een pagina of vul een webadres in.")}
            )
        return value


class BodyBlock(blocks.StreamBlock):
    """Headings, text, images, quotes, embedded media and buttons: the body of every page."""

    heading = blocks.CharBlock(
        label="Tussenkop", max_length=120, icon="title", template="blocks/heading_block.html"
    )
    paragraph = blocks.RichTextBlock(
        label="Tekst",
        features=["bold", "italic", "link", "ol", "ul", "h3", "document-link"],
        template="blocks/paragraph_block.html",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(label="Video of media", template="blocks/embed_block.html")
    cta = CallToActionBlock()
