"""The dashboard in a real browser: Debian's chromium driven by Playwright, against
`faultlines serve` running on 127.0.0.1 over a store built from the reference article,
a document with markup, and a run of strikes on one dyad that raises an alert.

Screenshots go to out/screenshots/ (or $FAULTLINES_SCREENSHOTS). In CI the browser
is required (`.ci/run` installs it); elsewhere the test skips without it.
"""

from __future__ import annotations

import csv
import io
import json
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


TOWNS = ["Tyre", "Nabatieh", "Bint Jbeil", "Marjayoun", "Khiam", "Naqoura", "Baalbek", "Hermel", "Sidon", "Jezzine",
         "Qlayaa", "Aitaroun"]
DETAILS = ["Residents described a night of heavy explosions.", "Schools in the district stayed closed on Monday.",
           "The United Nations called for restraint from all sides.", "Local officials counted damaged homes and shops.",
           "Ambulances were seen heading north along the coastal road.", "Markets reopened briefly in the afternoon.",
           "Farmers said they could not reach their olive groves.", "Power was cut across several villages overnight.",
           "Aid groups said supplies were running short.", "Families sheltered in basements until dawn.",
           "Traffic on the main highway was halted for hours.", "Mobile networks were down for much of the day."]
# One strike a week or so from April (none in May), then six in one week: an escalation alert.
DATES = ["2024-04-24", "2024-06-11", "2024-06-19", "2024-06-26", "2024-07-03", "2024-07-10",
         "2024-07-29", "2024-07-30", "2024-07-31", "2024-08-01", "2024-08-01", "2024-08-02"]


def strikes() -> str:
    return "".join(json.dumps({"id": f"lebanon-{i:02d}", "date": day, "title": f"Strikes near {town}",
                               "source": ["Reuters", "AP", "AFP"][i % 3],
                               "text": f"Israeli jets struck Hezbollah positions near {town}, the army said. "
                                       f"{DETAILS[i]} {DETAILS[(i + 5) % 12]}"}) + "\n"
                   for i, (town, day) in enumerate(zip(TOWNS, DATES)))


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
    (folder / "strikes.jsonl").write_text(strikes(), encoding="utf-8")
    db = folder / "dash.duckdb"
    cli = [sys.executable, "-m", "faultlines"]
    subprocess.run([*cli, "ingest", str(article), str(folder / "hostile.txt"), str(folder / "strikes.jsonl"),
                    "--db", str(db)], check=True, capture_output=True)
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
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


def open_page(browser, url, width=1400, height=950):
    page = browser.new_page(viewport={"width": width, "height": height}, accept_downloads=True)
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.goto(url)
    page.wait_for_selector("body[data-started]", timeout=30_000)
    page.wait_for_selector("#brush[data-ready]", timeout=15_000)
    return page


@pytest.fixture(scope="module")
def page(browser, server):
    page = open_page(browser, server)
    page.wait_for_selector("#network[data-ready=true]")
    yield page
    page.close()


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
    page.wait_for_selector("#tab-events[data-loaded]")
    page.click("[data-view=cards]")
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


# -- exploring: permalinks, CSV, autocomplete, the time brush, evidence ----------------
def click_edge(page, edge_id):
    """A real mouse click on the canvas where the edge is drawn."""
    x, y = page.evaluate("""(id) => {
        const edge = window.faultlines.cy.getElementById(id);
        const at = edge.renderedMidpoint(), box = document.getElementById('network').getBoundingClientRect();
        return [at.x + box.left, at.y + box.top]; }""", edge_id)
    page.mouse.click(x, y)


def ids_of(page, selector):
    return page.locator(selector).evaluate_all("nodes => nodes.map(n => n.dataset.eventId)")


def test_dashboard_permalink_reproduces_tab_filters_and_open_dyad(browser, server, shots):
    page = open_page(browser, server)
    page.fill("#filters [name=actor]", "irn")  # lower case: resolved to the store's key
    page.fill("#filters [name=since]", "2024-06-01")
    page.click("#filters button[type=submit]")
    page.wait_for_selector("#network[data-loaded*='actor=IRN'][data-loaded*='since=2024-06-01']")
    click_edge(page, "IRN->RUS")
    page.wait_for_selector("#dyad[data-ready='IRN:RUS']")
    link, shown = page.url, ids_of(page, "#dyad-events [data-event-id]")
    assert shown and "dyad=IRN%3ARUS" in link and "actor=IRN" in link and "since=2024-06-01" in link
    page.close()

    again = open_page(browser, link)
    again.wait_for_selector("#dyad[data-ready='IRN:RUS']")
    assert again.input_value("#filters [name=actor]") == "IRN"
    assert again.input_value("#filters [name=since]") == "2024-06-01"
    assert again.get_attribute("nav [data-tab=network]", "aria-selected") == "true"
    assert ids_of(again, "#dyad-events [data-event-id]") == shown
    assert again.get_attribute(".brush-selection", "data-first") == "2024-06-01"
    again.screenshot(path=str(shots / "6-permalink-dyad.png"), full_page=True)
    again.screenshot(path=str(shots / "dashboard.png"))  # the README's picture (docs/dashboard.png)

    # the events tab: sort, view and type survive the link too
    again.click("nav [data-tab=events]")
    again.select_option("#sort", "-goldstein")
    again.click("[data-view=cards]")
    again.wait_for_selector("#tab-events[data-loaded*='sort=-goldstein'][data-loaded*='view=cards']")
    link, shown = again.url, ids_of(again, "#events [data-event-id]")
    assert shown and "tab=events" in link and "view=cards" in link and "dyad=" not in link
    again.close()
    third = open_page(browser, link)
    third.wait_for_selector("#tab-events[data-loaded*='sort=-goldstein'][data-loaded*='view=cards']")
    assert third.get_attribute("nav [data-tab=events]", "aria-selected") == "true"
    assert ids_of(third, "#events [data-event-id]") == shown
    assert not third.errors
    third.close()


def test_dashboard_downloads_what_is_on_screen_as_csv(browser, server):
    page = open_page(browser, f"{server}/#tab=events&actor=IRN")
    page.wait_for_selector("#tab-events[data-loaded*='actor=IRN']")
    expected = httpx.get(f"{server}/api/events", params={"actor": "IRN", "limit": 1000}).json()
    with page.expect_download() as info:
        page.click("[data-testid=download-events]")
    assert info.value.suggested_filename == "faultlines-events.csv"
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == expected["total"] > 0
    assert [r["id"] for r in rows] == [e["id"] for e in expected["items"]]
    assert [r["sentence"] for r in rows] == [e["sentence"] for e in expected["items"]]  # quoting round-trips
    assert all("IRN" in (r["source_key"], r["target_key"]) for r in rows)

    page.goto(f"{server}/#tab=alerts")
    page.wait_for_selector("#alerts[data-loaded]")
    alerts = httpx.get(f"{server}/api/alerts").json()["items"]
    with page.expect_download() as info:
        page.click("[data-testid=download-alerts]")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == len(alerts) >= 1
    assert rows[0]["dyad"] == "HEZBOLLAH ↔ ISR"
    assert rows[0]["event_ids"].split("; ") == (alerts[0].get("event_ids") or alerts[0]["events"])
    page.close()


def test_dashboard_actor_autocomplete_from_the_store(browser, server, shots):
    page = open_page(browser, server)
    box = page.locator("#filters [name=actor]")
    box.click()
    box.press_sequentially("russ", delay=30)
    page.wait_for_selector("#actor-options:not([hidden]) [data-key=RUS]")
    keys = page.locator("#actor-options [role=option]").evaluate_all("os => os.map(o => o.dataset.key)")
    assert "RUS" in keys and len(keys) == len(set(keys))
    page.screenshot(path=str(shots / "7-autocomplete.png"))
    for _ in range(keys.index("RUS") + 1):
        box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_selector("#network[data-loaded*='actor=RUS']")
    assert box.input_value() == "RUS" and page.is_hidden("#actor-options")
    edges = page.evaluate("() => window.faultlines.cy.edges().map(e => [e.data('source'), e.data('target')])")
    assert edges and all("RUS" in edge for edge in edges)
    # a name typed in full is resolved; an unknown one says so
    box.fill("iran")
    page.click("#filters button[type=submit]")
    page.wait_for_selector("#network[data-loaded*='actor=IRN']")
    box.fill("Narnia")
    page.click("#filters button[type=submit]")
    page.wait_for_selector("#actor-hint:not([hidden])")
    assert 'No actor "Narnia" in this store' in page.inner_text("#actor-hint")
    assert not page.errors
    page.close()


def test_dashboard_time_brush_sets_the_dates_of_every_view(browser, server, shots):
    page = open_page(browser, server)
    periods = [m["period"] for m in httpx.get(f"{server}/api/timeline").json()["items"]]
    first, last = periods.index("2024-06-01"), periods.index("2024-07-01")
    box = page.locator("#brush svg").bounding_box()
    step = box["width"] / len(periods)
    page.mouse.move(box["x"] + (first + 0.5) * step, box["y"] + 20)
    page.mouse.down()
    page.mouse.move(box["x"] + (last + 0.5) * step, box["y"] + 25, steps=6)
    page.mouse.up()
    page.wait_for_selector("#network[data-loaded*='since=2024-06-01'][data-loaded*='until=2024-07-31']")
    assert page.input_value("#filters [name=since]") == "2024-06-01"
    assert page.input_value("#filters [name=until]") == "2024-07-31"
    assert "since=2024-06-01" in page.url and "until=2024-07-31" in page.url
    assert page.get_attribute(".brush-selection", "data-last") == "2024-07-01"
    page.screenshot(path=str(shots / "8-time-brush.png"))
    page.click("nav [data-tab=events]")
    page.wait_for_selector("#tab-events[data-loaded*='since=2024-06-01']")
    dates = page.locator("#events-table tr[data-event-id] td:first-child").all_inner_texts()
    assert dates and all("2024-06-01" <= d <= "2024-07-31" for d in dates)
    page.click("#brush-clear")
    page.wait_for_selector("#tab-events[data-loaded]:not([data-loaded*='since='])")
    assert page.input_value("#filters [name=since]") == ""
    page.close()


def test_dashboard_an_alert_row_opens_its_events_and_documents(browser, server, shots):
    page = open_page(browser, f"{server}/#tab=alerts")
    page.wait_for_selector("#alerts[data-loaded]")
    alert = httpx.get(f"{server}/api/alerts").json()["items"][0]
    ids = alert.get("event_ids") or alert["events"]
    page.locator("#alerts tr", has_text="HEZBOLLAH").locator("[data-testid=open-evidence]").click()
    page.wait_for_selector("#evidence[data-ready]")
    assert sorted(ids_of(page, "#evidence [data-testid=event]")) == sorted(ids)
    docs = {httpx.get(f"{server}/api/events/{i}").json()["document"]["id"] for i in ids}  # each id opens
    listed = page.locator("#evidence [data-doc-id]").evaluate_all("links => links.map(a => a.dataset.docId)")
    assert sorted(listed) == sorted(docs) and len(docs) > 1
    page.screenshot(path=str(shots / "9-alert-evidence.png"))
    page.locator(f"#evidence [data-doc-id='{listed[0]}']").click()
    page.wait_for_selector(f"#document[data-ready='{listed[0]}']")
    assert "tab=documents" in page.url and f"doc={listed[0]}" in page.url
    assert not page.evaluate("() => document.getElementById('evidence').open")
    page.close()


def test_dashboard_dyad_timeline_shows_empty_months(browser, server):
    page = open_page(browser, f"{server}/#dyad=ISR:HEZBOLLAH")
    page.wait_for_selector("#dyad[data-ready='ISR:HEZBOLLAH']")
    assert page.get_attribute("#timeline", "data-months") == "5"  # April to August, May empty
    drawn = set(page.locator("#timeline rect").evaluate_all("rs => rs.map(r => r.dataset.period)"))
    assert {"2024-04", "2024-06", "2024-07", "2024-08"} <= drawn and "2024-05" not in drawn
    page.close()


def test_dashboard_network_is_stable_named_and_keeps_non_factual_events_apart(browser, server, shots):
    pages = [open_page(browser, server) for _ in range(2)]
    for p in pages:
        p.wait_for_selector("#network[data-ready=true]")
    positions = [p.evaluate("""() => window.faultlines.cy.nodes().map(n =>
        [n.id(), Math.round(n.position('x')), Math.round(n.position('y'))])""") for p in pages]
    assert positions[0] == positions[1] and len(positions[0]) > 3
    page = pages[0]
    labels = dict(page.evaluate("() => window.faultlines.cy.nodes().map(n => [n.id(), n.data('label')])"))
    assert labels["IRN"] == "Iran" and labels["RUS"] == "Russia"
    edges = page.evaluate("""() => window.faultlines.cy.edges().map(e =>
        [e.id(), e.data('events'), e.data('colour'), e.style('line-style')])""")
    assert {colour for _, _, colour, _ in edges} <= {"#0072B2", "#D55E00", "#9E9E9E"}
    items = httpx.get(f"{server}/api/events", params={"limit": 1000}).json()["items"]
    factual, other = {}, {}
    for e in items:
        if e["source_key"] and e["target_key"] and e["source_key"] != e["target_key"]:
            pair = f"{e['source_key']}->{e['target_key']}"
            bucket = factual if e["status"] in ("asserted", "reported") else other
            bucket[pair] = bucket.get(pair, 0) + 1
    drawn = {edge_id: (events, style) for edge_id, events, _, style in edges}
    assert {k: v for k, v in drawn.items() if "(not fact)" not in k} == {p: (n, "solid") for p, n in factual.items()}
    assert other and all(drawn[f"{p} (not fact)"] == (n, "dashed") for p, n in other.items())
    for p in pages:
        assert not p.errors
        p.close()


def test_dashboard_tabs_by_keyboard_on_a_narrow_screen(browser, server, shots):
    page = open_page(browser, server, width=390, height=844)
    page.focus("nav [data-tab=network]")
    page.keyboard.press("ArrowRight")
    page.wait_for_selector("#tab-events[data-loaded]")
    assert page.evaluate("() => document.activeElement.dataset.tab") == "events"
    assert page.get_attribute("nav [data-tab=events]", "aria-selected") == "true"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.keyboard.press("End")
    assert page.get_attribute("nav [data-tab=map]", "aria-selected") == "true"
    page.keyboard.press("Home")
    assert page.get_attribute("nav [data-tab=network]", "aria-selected") == "true"
    for tab in page.locator("nav [role=tab]").all():
        box = tab.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(shots / "10-narrow.png"), full_page=True)
    assert not page.errors
    page.close()


def test_dashboard_map_draws_located_events_on_an_offline_outline(browser, server, shots):
    page = open_page(browser, f"{server}/#tab=map")
    page.wait_for_selector("#map[data-loaded]")
    places = httpx.get(f"{server}/api/places").json()["items"]
    assert {"Tyre", "Sidon"} <= {p["place"] for p in places}  # the strikes name them
    assert page.locator("#map path.land").count() == 1
    assert page.locator("#map circle.place").count() == len(places)
    page.screenshot(path=str(shots / "11-map.png"))
    sidon = next(p for p in places if p["place"] == "Sidon")
    page.locator("#map circle[data-place=Sidon]").dispatch_event("click")
    page.wait_for_selector("#evidence[data-ready]")
    assert sorted(ids_of(page, "#evidence [data-testid=event]")) == sorted(sidon["event_ids"])
    assert not page.errors
    page.close()
