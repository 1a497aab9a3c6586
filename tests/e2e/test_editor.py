"""The draft editor in a phone browser: with htmx saving as you go, and without JavaScript."""

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from mognad.core import edit
from mognad.instruments import find_builtin
from mognad.web.apps.library.actions import fork_instrument
from mognad.web.apps.library.models import InstrumentDraft
from tests.e2e.conftest import Shoot
from tests.web.factories import PASSWORD, make_user, make_workspace

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in_with_a_draft(base: str, page: Page) -> InstrumentDraft:
    user = make_user("lead@example.org")
    workspace = make_workspace("acme", user)
    instrument = find_builtin("people-first")
    assert instrument is not None
    draft = fork_instrument(workspace, instrument, user)
    page.goto(base + "/accounts/login/")
    page.get_by_label("E-mail address").fill("lead@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/w/")
    return draft


def _stored(draft: InstrumentDraft):
    draft.refresh_from_db()
    return edit.loads(draft.yaml)


def test_with_javascript_a_changed_field_saves_itself_and_the_preview_follows(
    live_server: LiveServer, phone: Page, shoot: Shoot
) -> None:
    """Renaming a dimension's title saves on change, and the preview shows the new title."""
    draft = _log_in_with_a_draft(live_server.url, phone)
    phone.goto(f"{live_server.url}/w/acme/library/drafts/{draft.pk}/")
    phone.get_by_role("link", name="Edit in the browser").click()
    phone.wait_for_url("**/edit/")
    shoot(phone, "outline")
    first = _stored(draft).dimensions[0]
    phone.get_by_role("link", name=re.compile(f"^{re.escape(first.key)} — ")).click()
    phone.wait_for_url("**/edit/dimensions/0/**")
    title = phone.get_by_label("Title (en)")
    title.fill("People before tools")
    title.blur()
    expect(phone.locator("#editor-form .saved")).to_be_visible()
    preview = phone.locator("#live-preview")
    expect(preview.get_by_role("heading", name="People before tools")).to_be_visible()
    shoot(phone, "dimension-saved")
    assert _stored(draft).dimensions[0].title["en"] == "People before tools"


def test_without_javascript_sections_save_on_submit_and_errors_keep_the_typing(
    live_server: LiveServer, phone_without_js: Page, shoot: Shoot
) -> None:
    """A bad weight comes back with the typed question; fixed, it saves; Finnish is added."""
    page = phone_without_js
    draft = _log_in_with_a_draft(live_server.url, page)
    page.goto(f"{live_server.url}/w/acme/library/drafts/{draft.pk}/edit/dimensions/0/items/0/")
    page.get_by_label("Question (en)").fill("Do we ask our staff first?")
    page.get_by_label("Weight").fill("heavy")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Give a number, like 3 or 0.5.")).to_be_visible()
    expect(page.get_by_label("Question (en)")).to_have_value("Do we ask our staff first?")
    shoot(page, "error-kept")
    page.get_by_label("Weight").fill("2")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    item = _stored(draft).dimensions[0].items[0]
    assert (item.text["en"], item.weight) == ("Do we ask our staff first?", 2)

    page.goto(f"{live_server.url}/w/acme/library/drafts/{draft.pk}/translate/")
    page.get_by_label("Language code").fill("fi")
    page.get_by_role("button", name="Add the language").click()
    expect(page.locator("#meter-fi")).to_have_attribute("value", "0")
    page.locator("textarea[name='s-title']").fill("Digitaalinen kypsyys")
    page.get_by_role("button", name="Save the translation").click()
    expect(page.get_by_text("The translation was saved.")).to_be_visible()
    shoot(page, "translation")
    assert _stored(draft).title["fi"] == "Digitaalinen kypsyys"
