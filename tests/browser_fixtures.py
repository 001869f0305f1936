"""Browser-test fixtures: Debian's chromium driven by Playwright, every page
checked with axe-core (from node_modules, installed by `make`).

Tests marked ``browser`` use ``page`` (a fresh desktop page), ``phone_page``
(a small touch viewport), ``axe_check(page)`` and ``browser_login(page, user)``.
"""

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parent.parent / "node_modules/axe-core/axe.min.js"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PASSWORD = "password-di-prova-1"


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(
        reason=f"chromium not found at {CHROMIUM}: apt-get install chromium"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def _playwright_browser() -> Iterator[Any]:
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _lombardy_reference_data(request: Any) -> None:
    """Transactional tests flush the tables; give each one the reference data.

    ``serialized_rollback`` should restore it, but once Playwright's sync API
    runs, asgiref hands out a new database connection without Django's
    serialized copy (pytest-django #1117). The data migration's loader is
    idempotent (get_or_create), so it is simply run again when tables are empty.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from tests.reference_data import load_reference_data

    load_reference_data()


def _new_page(browser: Any, live_server: Any, **options: Any) -> Any:
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, **options)
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def page(_playwright_browser: Any, live_server: Any) -> Iterator[Any]:
    context, new_page = _new_page(
        _playwright_browser, live_server, viewport={"width": 1280, "height": 900}
    )
    yield new_page
    context.close()


@pytest.fixture
def phone_page(_playwright_browser: Any, live_server: Any) -> Iterator[Any]:
    context, new_page = _new_page(
        _playwright_browser,
        live_server,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield new_page
    context.close()


def _axe(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }"""
    )
    return list(result)


@pytest.fixture
def axe_check() -> Callable[[Any], None]:
    """Fail with the list of axe-core violations found on the page, if any."""

    def check(page: Any) -> None:
        violations = _axe(page)
        assert not violations, f"axe violations on {page.url}:\n" + json.dumps(
            violations, indent=2, ensure_ascii=False
        )

    return check


@pytest.fixture
def browser_login() -> Callable[..., None]:
    """Sign in through the real login form (and the TOTP step for staff)."""

    def login(page: Any, user: Any, password: str = PASSWORD) -> None:
        page.goto("/account/login/")
        page.get_by_label("E-mail").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Accedi").click()
        page.wait_for_load_state("domcontentloaded")

    return login


@pytest.fixture
def browser_session(live_server: Any) -> Callable[..., None]:
    """``browser_session(page, user)``: the browser is signed in as ``user``.

    For tests about what a signed-in person does (not about signing in, which
    ``browser_login`` drives through the form): a test-client session is
    handed to the browser as its cookie; staff get TOTP enrolled first, as
    the MFA middleware requires.
    """

    def sign_in(page: Any, user: Any) -> None:
        from allauth.mfa.models import Authenticator
        from django.conf import settings
        from django.test import Client

        if user.is_staff_role:
            Authenticator.objects.get_or_create(
                user=user,
                type=Authenticator.Type.TOTP,
                defaults={"data": {"secret": "JBSWY3DPEHPK3PXP"}},
            )
        client = Client()
        client.force_login(user)
        name = settings.SESSION_COOKIE_NAME
        page.context.add_cookies(
            [
                {
                    "name": name,
                    "value": client.cookies[name].value,
                    "url": live_server.url,
                }
            ]
        )

    return sign_in
