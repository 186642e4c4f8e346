"""Browser fixtures: the demo site built once, served on 127.0.0.1, opened in Debian's Chromium."""

from __future__ import annotations

import os

import pytest

from quality.browser import chromium, chromium_available, serve


@pytest.fixture(scope="session")
def base_url(demo_site):
    with serve(demo_site.output) as url:
        yield url


@pytest.fixture(scope="session")
def browser_context():
    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing (apt-get install chromium)")
        pytest.skip("Chromium is not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw, chromium(pw) as context:
        yield context


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.js_errors = errors
    yield page
    page.close()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
