"""Cards keep one shape with or without an image: every card starts with a picture block of
the same size (the image, or the brand-colour fallback), never an empty box."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", (320, 1280))
def test_every_card_has_a_filled_picture_block(new_page, site, width):
    page = new_page(width=width, height=900)
    for path in ("/", "/projecten/", "/agenda/"):
        assert page.goto(path).status == 200, path
        blocks = page.evaluate(
            """() => [...document.querySelectorAll(".card")].map((card) => {
                const block = card.querySelector(".card__image");
                if (!block) return null;
                const box = block.getBoundingClientRect();
                const style = getComputedStyle(block);
                return {
                    ratio: box.width / box.height,
                    height: box.height,
                    filled: block.tagName === "IMG" || style.backgroundImage !== "none",
                    first: card.firstElementChild === block,
                };
            })"""
        )
        assert blocks, path
        for block in blocks:
            assert block is not None, path
            assert block["height"] > 50 and block["filled"] and block["first"], (path, block)
            assert abs(block["ratio"] - 1.6) < 0.05, (path, block)
