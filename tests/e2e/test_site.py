"""The home page in a real browser, with and without JavaScript."""

import pytest


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fixture", ["phone", "phone_without_js"])
def test_the_language_switcher_works_in_a_browser(request, live_server, fixture):
    """Choosing Svenska and pressing the button shows the home page in Swedish."""
    page = request.getfixturevalue(fixture)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.select_option("#language-select", "sv")
    page.click(".language-switcher button")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").inner_text() != ""
    assert errors == []
