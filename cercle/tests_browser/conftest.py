"""Playwright fixtures: one headless Debian Chromium per test session, one fresh page per test.

Playwright's own browser download does not work here, so Chromium comes from Debian
(`/usr/bin/chromium`, or CERCLE_CHROMIUM). Tests run against pytest-django's `live_server`, in a
thread of this process: settings overridden in a test (the SMTP server of `smtp_inbox`) apply to
it too.
"""

import os
from collections.abc import Iterator

import pytest

CHROMIUM = os.environ.get("CERCLE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API keeps an event loop running in the test thread, so Django refuses ORM
# calls made by the tests themselves (SynchronousOnlyOperation). Documented workaround, for
# tests only: https://docs.djangoproject.com/en/5.2/topics/async/#async-safety
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright import sync_api

    # Fail, never skip: a browser journey that does not run must not pass unseen.
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"No Chromium at {CHROMIUM}: run 'apt-get install chromium' (make test does).")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_locale() -> str:
    """The language the browser asks for (Accept-Language); override it to change it."""
    return "en-US"


@pytest.fixture
def page(browser, live_server, transactional_db, browser_locale) -> Iterator:
    """A page in a fresh browser context (no cookies) whose relative URLs go to the live
    server."""
    context = browser.new_context(base_url=live_server.url, locale=browser_locale)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
