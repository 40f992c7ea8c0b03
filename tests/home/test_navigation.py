from home.templatetags.navigation_tags import current_state

MENU_ITEM = {"pk": 5, "path": "000100010002"}


def test_menu_page_itself_is_the_current_page():
    assert current_state(MENU_ITEM, page_pk=5, path="000100010002") == "page"


def test_a_page_below_a_menu_page_marks_it_current():
    assert current_state(MENU_ITEM, page_pk=9, path="0001000100020004") == "true"
    assert current_state(MENU_ITEM, page_pk=10, path="00010001000200040001") == "true"


def test_a_sibling_or_no_page_marks_nothing():
    assert current_state(MENU_ITEM, page_pk=7, path="000100010003") == ""
    assert current_state(MENU_ITEM, page_pk=None, path="") == ""
