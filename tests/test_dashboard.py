"""The dashboard in a real browser: Debian's chromium driven by Playwright, against
`faultlines serve` running on 127.0.0.1 over a store built from the reference article.

Screenshots go to out/screenshots/ (or $FAULTLINES_SCREENSHOTS). In CI the browser
is required (`.ci/run` installs it); elsewhere the test skips without it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from conftest import REPO, SEED

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
HOSTILE = """Title: Markup in a wire story
Source: Test Wire
Date: 2024-09-11

<script>window.__faultlinesPwned = true;</script> Analysts said the <b>statement</b> was unusual.
<img src="x" onerror="window.__faultlinesPwned = true"> Lebanon's army said it had deployed troops to the border.
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not SEED.exists():
        pytest.skip("reference article not present (../shared/seed)")
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing: .ci/run should have installed Debian's chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    folder = tmp_path_factory.mktemp("dashboard")
    article = folder / "reference.txt"
    article.write_text("Title: Iran's missiles to Russia\nDate: 2024-09-10\n\n" + SEED.read_text(encoding="utf-8"),
                       encoding="utf-8")
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = folder / "dash.duckdb"
    cli = [sys.executable, "-m", "faultlines"]
    subprocess.run([*cli, "ingest", str(article), str(folder / "hostile.txt"), "--db", str(db)],
                   check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen([*cli, "serve", "--db", str(db), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail(f"faultlines serve did not start: {process.stdout.read1().decode()}")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 950})
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.goto(server)
        page.wait_for_selector("#network[data-ready=true]", timeout=30_000)
        yield page
        browser.close()


@pytest.fixture(scope="module")
def shots() -> Path:
    folder = Path(os.environ.get("FAULTLINES_SCREENSHOTS", REPO / "out" / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_network_shows_iran_and_russia(page, shots):
    nodes = page.evaluate("() => window.faultlines.cy.nodes().map(n => n.id())")
    assert {"IRN", "RUS"} <= set(nodes)
    page.screenshot(path=str(shots / "1-network.png"), full_page=True)
    assert not page.errors


def test_clicking_the_edge_shows_the_missile_transfer_with_evidence(page, shots):
    # A real mouse click on the canvas, where the IRN->RUS edge is drawn.
    x, y = page.evaluate("""() => {
        const edge = window.faultlines.cy.getElementById('IRN->RUS');
        const at = edge.renderedMidpoint(), box = document.getElementById('network').getBoundingClientRect();
        return [at.x + box.left, at.y + box.top]; }""")
    page.mouse.click(x, y)
    page.wait_for_selector("#dyad[data-ready='IRN:RUS']", timeout=15_000)
    assert page.inner_text("#dyad-title") == "IRN ↔ RUS"
    assert page.locator("#timeline svg rect").count() >= 1
    transfer = page.locator("#dyad-events [data-testid=event]").filter(has_text="AID").filter(has_text="missiles")
    assert transfer.count() >= 1
    card = transfer.first
    evidence = card.locator("[data-testid=evidence]").inner_text()
    assert "ballistic missiles" in evidence and "Russia" in evidence
    assert card.locator("mark.hl-trigger").count() == 1
    status = card.locator("[data-testid=status]").inner_text().lower()
    assert status in {"asserted", "reported", "unconfirmed", "denied", "planned", "hypothetical"}
    if status != "asserted":  # who says so, and the word that says how sure
        assert card.locator("mark.hl-attributed_to").count() + card.locator("mark.hl-cue").count() >= 1
    page.screenshot(path=str(shots / "2-dyad-iran-russia.png"), full_page=True)


def test_a_document_with_a_script_tag_renders_inert(page, shots):
    page.click("nav [data-tab=documents]")
    page.click("text=Markup in a wire story")
    page.wait_for_selector("#document[data-ready]")
    text = page.inner_text("#document-text")
    assert "<script>window.__faultlinesPwned = true;</script>" in text and '<img src="x"' in text
    assert page.locator("#document-text script, #document-text img, #document-text b").count() == 0
    assert page.evaluate("() => window.__faultlinesPwned === undefined")
    page.screenshot(path=str(shots / "3-document-with-markup.png"), full_page=True)


def test_event_browser_filters_and_sorts(page, shots):
    page.click("nav [data-tab=events]")
    page.wait_for_selector("#events[data-loaded]")
    page.fill("#filters [name=actor]", "IRN")
    page.select_option("#sort", "-confidence")
    page.click("#filters button[type=submit]")
    page.wait_for_selector("#events[data-loaded*='actor=IRN'][data-loaded*='sort=-confidence']")
    heads = page.locator("#events .event-head").all_inner_texts()
    assert heads and all("IRN" in head for head in heads), [h for h in heads if "IRN" not in h]
    assert "events" in page.inner_text("#events-count")
    confidences = [float(t.rsplit("confidence ", 1)[1].split(" ")[0])
                   for t in page.locator("#events .event-meta").all_inner_texts()]
    assert confidences == sorted(confidences, reverse=True)
    page.screenshot(path=str(shots / "4-events-iran.png"), full_page=True)
    # the same filter scopes the network: only Iran's ties remain
    page.click("nav [data-tab=network]")
    page.wait_for_selector("#network[data-loaded*='actor=IRN']")
    edges = page.evaluate("() => window.faultlines.cy.edges().map(e => [e.data('source'), e.data('target')])")
    assert edges and all("IRN" in edge for edge in edges)
    page.screenshot(path=str(shots / "5-network-iran.png"), full_page=True)
    assert not page.errors
