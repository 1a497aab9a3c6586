"""Browser tests: Playwright drives Debian's chromium against Django's live test server."""

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

# Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to run
# inside it, though test code and server never share a connection here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
REPO = Path(__file__).resolve().parents[2]

Shoot = Callable[[Page, str], Path]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    assert executable, "chromium is missing: `make test` installs Debian's package"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A page in a phone-sized window, with JavaScript on."""
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_without_js(browser: Browser) -> Iterator[Page]:
    """A phone-sized page with JavaScript switched off: everything must still work."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="en-GB")
    yield context.new_page()
    context.close()


@pytest.fixture
def shoot(request: pytest.FixtureRequest) -> Shoot:
    """`shoot(page, name)` saves a full-page PNG as NN-name.png and returns its path.

    The folder is $MOGNAD_ARTIFACTS (default var/artifacts/e2e) / the test's name; it is
    emptied first so that a file there always comes from this run.
    """
    base = Path(os.environ.get("MOGNAD_ARTIFACTS") or REPO / "var" / "artifacts" / "e2e")
    folder = base / re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    taken: list[Path] = []

    def take(page: Page, name: str) -> Path:
        path = folder / f"{len(taken) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        taken.append(path)
        return path

    return take
