"""Photograph the addon's screens as its users see them (called by scripts/screenshots).

Arguments: the server's URL, its database, the folder to write the pictures to."""

import sys
import time

import psycopg2
import requests
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

URL, DB, FOLDER = sys.argv[1:4]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 768}


def wait_for_server():
    for _attempt in range(120):
        try:
            if requests.get(f"{URL}/web/health", timeout=5).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(1)
    sys.exit("the server did not start")


def prepare_database():
    """Everyone reads Arabic; the demo portal user sees her newest request."""
    with psycopg2.connect(dbname=DB) as connection, connection.cursor() as cursor:
        cursor.execute(
            "UPDATE res_partner SET lang = 'ar_001' WHERE id IN (SELECT partner_id FROM res_users)"
        )
        cursor.execute(
            "SELECT r.id FROM beneficiary_request r JOIN beneficiary_beneficiary b"
            " ON b.id = r.beneficiary_id JOIN res_users u ON u.partner_id = b.partner_id"
            " WHERE u.login = 'portal' ORDER BY r.id DESC LIMIT 1"
        )
        row = cursor.fetchone()
        return row[0] if row else None


def sign_in(page, login):
    page.goto(f"{URL}/web/login?db={DB}")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", login)
    page.click("form.oe_login_form button[type=submit]")
    # The back office keeps a connection open (its bus): wait for the redirect, not for quiet.
    page.wait_for_url(lambda url: "/web/login" not in url, timeout=30_000)


def shoot(browser, viewport, login, path, ready, name, touch=False):
    context = browser.new_context(viewport=viewport, has_touch=touch, is_mobile=touch)
    page = context.new_page()
    if login:
        sign_in(page, login)
    page.goto(f"{URL}{path}")
    page.wait_for_selector(ready, timeout=30_000)
    try:
        page.wait_for_load_state("networkidle", timeout=10_000)
    except PlaywrightTimeout:
        pass  # the back office's bus never goes quiet; what the shot needs is on the page
    page.screenshot(path=f"{FOLDER}/{name}")
    context.close()
    print(f"{FOLDER}/{name}")


def main():
    wait_for_server()
    request_id = prepare_database()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        if request_id:
            shoot(
                browser,
                PHONE,
                "portal",
                f"/ar/my/requests/{request_id}",
                "#wrapwrap.o_rtl .o_beneficiary_progress",
                "portal_request_ar.png",
                touch=True,
            )
        shoot(
            browser,
            PHONE,
            None,
            "/ar/complaint",
            "#wrapwrap.o_rtl form[action='/complaint']",
            "public_complaint_ar.png",
            touch=True,
        )
        shoot(
            browser,
            DESKTOP,
            "admin",
            "/odoo/action-beneficiary_relations.beneficiary_request_action",
            ".o_kanban_record",
            "back_office_kanban.png",
        )
        shoot(
            browser,
            DESKTOP,
            "admin",
            "/odoo/beneficiary-dashboard",
            ".o_beneficiary_dashboard .o_kpi_card",
            "management_dashboard.png",
        )
        browser.close()


main()
