"""Inputs from the network: article URLs and RSS/Atom feeds.

Fetched with httpx (timeouts, a size cap, redirects followed); pages go through
the same HTML extraction as local files; feed entries become documents (their
summary, or the linked article when `follow_links` is asked for). Every failure
is an `InputProblem` naming the URL, never an exception.
"""

from __future__ import annotations

import calendar
import re
import time
from typing import Iterator

import httpx

from faultlines.records import InputProblem, Item, document_from_html, document_from_record
from faultlines.model import Document

MAX_BYTES = 5_000_000
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
HEADERS = {"User-Agent": "faultlines/0.1 (+https://github.com/faultlines)"}


def is_url(text: str) -> bool:
    return bool(re.match(r"https?://", text))


def client() -> httpx.Client:
    return httpx.Client(timeout=TIMEOUT, follow_redirects=True, headers=HEADERS)


def fetch(url: str, http: httpx.Client) -> tuple[str, str] | InputProblem:
    """(text, content type) of `url`, or why not."""
    try:
        with http.stream("GET", url) as response:
            if response.status_code >= 400:
                return InputProblem(url, f"HTTP {response.status_code} {response.reason_phrase}")
            body = b""
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_BYTES:
                    return InputProblem(url, f"is larger than {MAX_BYTES:,} bytes")
            kind = response.headers.get("content-type", "")
            return body.decode(response.encoding or "utf-8", errors="replace"), kind
    except httpx.HTTPError as exc:
        return InputProblem(url, f"could not be fetched: {type(exc).__name__}: {exc}")
    except (httpx.InvalidURL, ValueError) as exc:  # a malformed link; also a redirect or cookie to one
        return InputProblem(url, f"could not be fetched: not a usable URL ({type(exc).__name__})")


def looks_like_feed(body: str, kind: str) -> bool:
    head = body[:2000].lower()
    return any(k in kind for k in ("rss", "atom")) or "<rss" in head or "<feed" in head


def read_url(url: str, http: httpx.Client, follow_links: bool = False) -> Iterator[Item]:
    got = fetch(url, http)
    if isinstance(got, InputProblem):
        yield got
        return
    body, kind = got
    if looks_like_feed(body, kind):
        yield from read_feed(url, body, http, follow_links)
    else:
        yield document_from_html(url, body, url, url=url)


def read_feed(url: str, body: str, http: httpx.Client, follow_links: bool) -> Iterator[Item]:
    import feedparser

    feed = feedparser.parse(body)
    if feed.bozo and not feed.entries:
        yield InputProblem(url, f"feed could not be parsed: {feed.bozo_exception}")
        return
    if not feed.entries:
        yield InputProblem(url, "feed has no entries")
        return
    outlet = feed.feed.get("title")
    for n, entry in enumerate(feed.entries, start=1):
        link = entry.get("link")
        where = f"{url}#{n}"
        if follow_links and link:
            if not is_url(link):
                yield InputProblem(where, f"entry link is not an http(s) URL: {link[:80]!r}")
                continue
            page = fetch(link, http)
            if isinstance(page, InputProblem):
                yield page
                continue
            doc = document_from_html(link, page[0], link, url=link)
            if isinstance(doc, Document):
                doc = document_from_record({"id": doc.id, "text": doc.text, "date": doc.date or entry_date(entry),
                                            "source": outlet or doc.source, "title": doc.title or entry.get("title"),
                                            "url": link}, where, link)
            yield doc
            continue
        summary = entry.get("summary") or ""
        text = re.sub(r"<[^>]+>", " ", summary)
        text = re.sub(r"\s+", " ", text).strip()
        if not text:
            yield InputProblem(where, "feed entry has no text (use --follow-links to fetch the article)")
            continue
        yield document_from_record({"id": entry.get("id") or link or where, "text": text, "date": entry_date(entry),
                                    "source": outlet, "title": entry.get("title"), "url": link}, where, where)


def entry_date(entry) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return time.strftime("%Y-%m-%d", time.gmtime(calendar.timegm(parsed)))
