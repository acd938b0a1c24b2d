"""URLs and feeds, answered by a function instead of the network (httpx MockTransport)."""

from pathlib import Path

import httpx

from faultlines.ingest import InputProblem, read_inputs
from faultlines.model import Document

FEED = (Path(__file__).parent / "data" / "feed.xml").read_text()
ARTICLE = """<html><head><title>Hezbollah fires rockets</title></head><body><article>
<h1>Hezbollah fires rockets</h1><p>BEIRUT (Reuters) - Hezbollah fired dozens of rockets at northern
Israel on Tuesday, the Israeli military said, in the heaviest barrage in weeks.</p>
<p>The group said the attack was a response to Israeli strikes in southern Lebanon that killed
several of its fighters.</p></article></body></html>"""


def handler(request: httpx.Request) -> httpx.Response:
    routes = {
        "/feed.xml": (200, FEED, "application/rss+xml"),
        "/a1": (200, ARTICLE, "text/html"),
        "/a2": (200, ARTICLE.replace("Hezbollah", "Hamas"), "text/html"),
        "/page": (200, ARTICLE, "text/html"),
        "/huge": (200, "x" * 6_000_000, "text/html"),
    }
    status, body, kind = routes.get(request.url.path, (404, "not found", "text/plain"))
    return httpx.Response(status, text=body, headers={"content-type": kind})


def read(*urls, follow=False):
    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        return list(read_inputs(urls, follow_links=follow, http=http))


def test_sources_feed_entries_become_documents():
    docs = read("https://news.example/feed.xml")
    assert [d.id for d in docs] == ["a1", "a2"]
    assert docs[0].source == "Example Wire" and docs[0].date == "2024-09-10"
    assert "drones" in docs[0].text and "<p>" not in docs[0].text


def test_sources_feed_can_follow_entry_links():
    docs = read("https://news.example/feed.xml", follow=True)
    assert all(isinstance(d, Document) for d in docs)
    assert "rockets" in docs[0].text and docs[0].url == "https://news.example/a1"


def test_sources_article_page_is_extracted():
    [doc] = read("https://news.example/page")
    assert isinstance(doc, Document) and "Hezbollah fired dozens of rockets" in doc.text
    assert doc.title == "Hezbollah fires rockets"


def test_sources_failures_name_the_url():
    missing, huge = read("https://news.example/missing", "https://news.example/huge")
    assert isinstance(missing, InputProblem) and "404" in missing.reason
    assert isinstance(huge, InputProblem) and "larger than" in huge.reason
    assert missing.input == "https://news.example/missing"
