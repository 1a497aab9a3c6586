"""Respondents' links go through a shorter lane of the same protections as the site."""

from django.conf import settings
from django.http import HttpResponse
from django.test import Client, override_settings
from django.utils.csp import CSP

from mognad.web.apps.respond.lane import LANE, Protections
from tests.web.respond.helpers import start

PROTECTIONS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


def test_the_lane_keeps_the_sites_middleware_in_the_sites_order():
    """Each middleware of the lane is in MIDDLEWARE, and in the same order there."""
    positions = [settings.MIDDLEWARE.index(path) for path in LANE]
    assert positions == sorted(positions)
    assert settings.MIDDLEWARE[0] == "mognad.web.apps.respond.lane.RespondentLane"


def test_a_respondent_page_carries_the_same_protective_headers_as_the_site(client, staff_link):
    site = client.get("/")
    for page in (client.get(staff_link), client.get(start(client, staff_link))):
        assert page.status_code == 200
        for header in PROTECTIONS:
            assert page[header] == site[header], header
        assert "Accept-Language" in page["Vary"]


def test_a_respondent_post_without_a_csrf_token_is_refused(db, staff_link):
    browser = Client(enforce_csrf_checks=True)
    assert browser.get(staff_link).status_code == 200
    assert browser.post(staff_link, {"lang": "en"}).status_code == 403
    token = browser.cookies["csrftoken"].value
    started = browser.post(staff_link, {"lang": "en", "csrfmiddlewaretoken": token})
    assert started.status_code == 302


def test_a_link_without_its_slash_still_gets_the_sites_redirect(client, staff_link):
    response = client.get(staff_link.rstrip("/"))
    assert response.status_code == 301
    assert response["Location"] == staff_link


@override_settings(SECURE_SSL_REDIRECT=True)
def test_a_respondent_link_over_plain_http_moves_to_https(db, staff_link):
    response = Client().get(staff_link)
    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{staff_link}"


def test_an_unknown_link_is_a_friendly_page_in_the_browsers_language(client, db):
    response = client.get("/r/no-such-link/", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 404
    assert response["Content-Language"] == "sv"
    assert response["Content-Security-Policy"] == client.get("/")["Content-Security-Policy"]


def test_no_cache_keeps_a_copy_of_a_respondents_page(client, staff_link):
    """Answers stay on the server only: the browser is told not to store the pages."""
    for page in (client.get(staff_link), client.get(start(client, staff_link))):
        directives = {d.strip() for d in page["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives


def test_a_changed_policy_reaches_respondents_pages_too(client, staff_link):
    """The lane builds the policy once, yet follows the setting when it changes."""
    before = client.get(staff_link)["Content-Security-Policy"]
    policy = {**settings.SECURE_CSP, "img-src": [CSP.SELF]}
    with override_settings(SECURE_CSP=policy):
        changed = client.get(staff_link)["Content-Security-Policy"]
        assert changed == client.get("/")["Content-Security-Policy"]
    assert changed != before
    assert "img-src 'self';" in changed or changed.endswith("img-src 'self'")
    assert client.get(staff_link)["Content-Security-Policy"] == before


def test_a_policy_with_a_nonce_is_left_to_djangos_middleware(client, staff_link):
    """Django adds a nonce only where a page used one; respondents' pages use none."""
    policy = {**settings.SECURE_CSP, "script-src": [CSP.SELF, CSP.NONCE]}
    with override_settings(SECURE_CSP=policy):
        page = client.get(staff_link)["Content-Security-Policy"]
        assert page == client.get("/")["Content-Security-Policy"]
    assert "script-src 'self';" in page


def test_a_respondent_pages_headers_are_plain_strings_as_wsgi_asks(client, staff_link):
    """A WSGI server refuses a header whose name or value is not exactly a str."""
    for page in (client.get(staff_link), client.get(start(client, staff_link))):
        for name, value in page.items():
            assert type(name) is str and type(value) is str, name


@override_settings(SECURE_HSTS_SECONDS=3600, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_a_respondent_page_over_https_carries_the_sites_hsts_header(db, staff_link):
    browser = Client()
    site = browser.get("/", secure=True)
    page = browser.get(staff_link, secure=True)
    assert page["Strict-Transport-Security"] == site["Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in browser.get(staff_link)


def test_a_changed_framing_setting_reaches_respondents_pages_too(client, staff_link):
    assert client.get(staff_link)["X-Frame-Options"] == "DENY"
    with override_settings(X_FRAME_OPTIONS="SAMEORIGIN"):
        assert client.get(staff_link)["X-Frame-Options"] == "SAMEORIGIN"
    assert client.get(staff_link)["X-Frame-Options"] == "DENY"


def test_a_response_that_opts_out_of_a_protection_goes_through_the_middleware(rf):
    """Respondents' views never do; a page exempt from the framing ban still gets the rest."""
    exempt = HttpResponse()
    exempt.xframe_options_exempt = True
    Protections().add(rf.get("/r/x/"), exempt)
    assert "X-Frame-Options" not in exempt
    assert exempt["X-Content-Type-Options"] == "nosniff"
    assert exempt["Content-Security-Policy"]
    plain = HttpResponse()
    Protections().add(rf.get("/r/x/"), plain)
    assert plain["X-Frame-Options"] == "DENY"


def test_a_pages_own_vary_header_is_added_to_not_replaced(db, staff_link):
    """The first page sets the CSRF cookie, which makes it vary by Cookie as well."""
    first = Client().get(staff_link)
    assert "csrftoken" in first.cookies
    assert {v.strip() for v in first["Vary"].split(",")} >= {"Cookie", "Accept-Language"}
