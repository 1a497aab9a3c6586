"""The home page: secure headers, no inline code, and a language switcher without JavaScript."""

import pytest

from tests.web.inline import inline_code

pytestmark = pytest.mark.django_db


def test_it_sends_a_content_security_policy_without_inline_script(client):
    """The policy allows scripts and styles from this origin only."""
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy


def test_the_page_has_no_inline_script_or_style(client):
    """Every script has a src and an empty body; no style element or attribute appears."""
    assert inline_code(client.get("/").content.decode()) == []


def test_htmx_is_served_from_this_site(client):
    """The page loads htmx from its own static files, never from a CDN."""
    page = client.get("/").content.decode()
    assert 'src="/static/django_htmx/htmx-2.min.js"' in page
    assert client.get("/static/django_htmx/htmx-2.min.js").status_code == 200


def test_the_page_starts_in_english_with_a_lang_attribute(client):
    """Without a choice or a browser preference the page is English."""
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Where does your organisation stand?" in page


def test_the_language_switcher_turns_the_page_swedish(client):
    """Posting the switcher's plain form sets the language for the next pages."""
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    page = client.get("/").content.decode()
    assert '<html lang="sv">' in page
    assert "Var står er organisation?" in page


def test_the_switcher_form_carries_a_csrf_token(client):
    """The switcher is a POST form protected like every other form."""
    client.handler.enforce_csrf_checks = True
    assert client.post("/i18n/setlang/", {"language": "de", "next": "/"}).status_code == 403
    page = client.get("/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in page
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/i18n/setlang/", {"language": "de", "next": "/"}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("language", "heading"),
    [("de", "Wo steht Ihre Organisation?"), ("nl", "Waar staat jouw organisatie?")],
)
def test_a_browser_preference_picks_the_language(client, language, heading):
    """The Accept-Language header chooses among the four languages."""
    page = client.get("/", headers={"Accept-Language": language}).content.decode()
    assert f'<html lang="{language}">' in page
    assert heading in page
