"""How a browser test pays a dossier's fees: ``pay_in_sandbox(page, dossier_code)``.

The citizen must be logged in on ``page``. The flow opens ``/pay/<code>/``, keeps the first way to pay
(the card/bank gateway, served by the sandbox gateway in the demo and tests), continues to the sandbox's
checkout page, presses Pay, and comes back to the result page ("Payment received"). The sandbox notifies
the platform server to server (IPN) before sending the browser back, so the dossier can be received as
soon as this returns. Pass ``audit`` to check every page on the way (axe, CSP).
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect


def pay_in_sandbox(page: Page, dossier_code: str, audit: Callable[[Page], None] | None = None) -> None:
    check = audit or (lambda _page: None)
    page.goto(f"/pay/{dossier_code}/")
    expect(page.locator("#pay-continue")).to_be_visible()
    check(page)
    page.locator("#pay-continue").click()
    page.wait_for_url("**/pay/sandbox/checkout/**")
    expect(page.locator("#sandbox-order")).to_contain_text(dossier_code)
    check(page)
    page.locator("#sandbox-pay").click()
    page.wait_for_url(f"**/pay/{dossier_code}/result/**")
    expect(page.locator("#payment-paid")).to_be_visible()
    check(page)
