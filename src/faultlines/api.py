"""The HTTP API: thin routes over the library, one error shape, read-only by default.

    create_app("news.duckdb")          # then: uvicorn, or `faultlines serve`

Every route opens the store read-only for the request, calls one library function
and returns JSON. Errors from the library (`FaultlinesError`) and request
validation errors share one shape: {"error": {"type": ..., "message": ...}}.
`POST /api/extract` codes text without storing it; `POST /api/ingest` is refused
unless the app was given an ingest token (and then needs it in `Authorization:
Bearer …`). Request bodies are capped; page sizes are bounded.
"""

from __future__ import annotations

from typing import Literal

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import FastAPI, Header, Query, Request
from fastapi import Path as Path_
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from faultlines import __version__
from faultlines.errors import FaultlinesError, InputError, PipelineError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from faultlines.access import StoreAccess

MAX_BODY = 1_000_000
MAX_EXTRACT_CHARS = 100_000  # one request's text: parsing is linear, about 1 s per 10k characters
MAX_PAGE = 1000
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")
RETRY_AFTER = "2"
DATE = r"^\d{4}-\d{2}-\d{2}$"
SORT = r"^-?(date|goldstein|confidence|type|source|target)$"
WEB = Path(__file__).parent / "web"
# Scripts from this server only (a `<script>` inside a document can never run), no
# outside connections; inline styles allowed for the network canvas library.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


class ExtractRequest(BaseModel):
    text: str = Field(..., max_length=MAX_EXTRACT_CHARS, examples=["Iran sent ballistic missiles to Russia, Bloomberg reported."])
    date: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", examples=["2024-09-07"])
    source: str | None = None
    comments: bool = Field(False, description="Also code CAMEO 01 comments (event type COMMENT).")
    coder: Literal["hybrid", "rules", "model"] | None = Field(
        None, description="Which coder: hybrid (rules and the learned model), rules or model; default: the server's.")


class IngestRequest(BaseModel):
    documents: list[dict] = Field(..., max_length=1000,
                                  examples=[[{"id": "d1", "text": "Turkey expelled two Swedish diplomats.", "date": "2024-05-10"}]])


class Forbidden(FaultlinesError):
    http_status = 403


def error_body(kind: str, message: str) -> dict:
    return {"error": {"type": kind, "message": message}}


def create_app(db: str | Path, ingest_token: str | None = None,
               cors_origins: tuple[str, ...] = (), hosts: tuple[str, ...] = LOOPBACK_HOSTS,
               store_wait: float = 10.0) -> FastAPI:
    """`hosts`: the Host header values answered (loopback names by default, which
    defeats DNS rebinding against a server on 127.0.0.1); ("*",) answers any.
    `store_wait`: seconds a request waits for a store another process holds before
    the answer is 503 with Retry-After."""
    app = FastAPI(title="faultlines", version=__version__, docs_url=None, redoc_url=None,
                  description="Sourced, certainty-aware geopolitical event data.")
    db = str(db)
    if not Path(db).exists():
        raise InputError(f"{db}: no such database (run `faultlines ingest` first)")
    access = StoreAccess(db, writable=bool(ingest_token), wait=store_wait)
    app.state.access = access

    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"])

    @app.exception_handler(FaultlinesError)
    async def faultlines_error(_request: Request, exc: FaultlinesError):
        headers = {"Retry-After": RETRY_AFTER} if exc.http_status == 503 else None
        return JSONResponse(error_body(type(exc).__name__, getattr(exc, "brief", str(exc))),
                            status_code=exc.http_status, headers=headers)

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception):
        """A bug still answers in the one error shape, without a traceback or a path."""
        return JSONResponse(error_body("InternalError", f"the server failed on this request ({type(exc).__name__})"),
                            status_code=500)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException):
        kind = {404: "NotFound", 405: "MethodNotAllowed"}.get(exc.status_code, "HTTPError")
        return JSONResponse(error_body(kind, str(exc.detail)), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", []))
        return JSONResponse(error_body("InvalidRequest", f"{where}: {first.get('msg', 'invalid')}"),
                            status_code=422)

    def read(action):
        with access.reading() as store:
            return action(store)

    def table(columns_rows) -> dict:
        columns, rows = columns_rows
        return {"items": [dict(zip(columns, row)) for row in rows]}

    @app.get("/api/events")
    def events(actor: str | None = Query(None, max_length=100), dyad: str | None = Query(None, max_length=200),
               pair: str | None = Query(None, max_length=200), type: str | None = Query(None, max_length=40),
               quad: int | None = Query(None, ge=1, le=4), status: str | None = Query(None, max_length=20),
               since: str | None = Query(None, pattern=DATE), until: str | None = Query(None, pattern=DATE),
               outlet: str | None = Query(None, max_length=100), text: str | None = Query(None, max_length=200),
               sort: str = Query("date", pattern=SORT), limit: int = Query(100, ge=1, le=MAX_PAGE),
               offset: int = Query(0, ge=0, le=10_000_000)):
        """Stored events, filtered and sorted (`sort`: date, goldstein, confidence, type, source,
        target; `-` in front reverses); `limit`/`offset` page through them, `total` counts all.
        `dyad` is directed (IRN:RUS), `pair` takes both directions. Each event carries
        `highlights`: trigger, source, target and claimant spans within its evidence sentence."""
        from faultlines.query import EventFilter, count_events, event_details

        flt = EventFilter(actor, dyad, type, quad, status, since, until, outlet, text,
                          limit=limit, offset=offset, pair=pair, sort=sort)
        return read(lambda store: {"items": event_details(store, flt), "total": count_events(store, flt),
                                   "limit": limit, "offset": offset})

    @app.get("/api/events/{event_id}")
    def event(event_id: str = Path_(..., max_length=64)):
        """One event: its full record (the extraction contract) and its document."""
        from faultlines.query import event as find

        return read(lambda store: find(store, event_id))

    @app.get("/api/documents")
    def documents(q: str | None = Query(None, max_length=200), limit: int = Query(50, ge=1, le=MAX_PAGE),
                  offset: int = Query(0, ge=0, le=10_000_000)):
        """Stored documents, newest first; `q` searches titles and text."""
        from faultlines.query import documents as query

        return table(read(lambda store: query(store, q, limit, offset))) | {"limit": limit, "offset": offset}

    @app.get("/api/documents/{doc_id}")
    def document(doc_id: str = Path_(..., max_length=64)):
        """One document: metadata, full text and its events with highlights."""
        from faultlines.query import document as find

        return read(lambda store: find(store, doc_id))

    @app.get("/api/actors")
    def actors(q: str = Query("", max_length=100), limit: int = Query(50, ge=1, le=MAX_PAGE)):
        """Actors seen in the store whose code or name contains `q`."""
        return table(read(lambda store: store.sql_params(
            "SELECT code, name, kind, country, sector, key FROM actors "
            "WHERE code ILIKE ? OR name ILIKE ? ORDER BY code LIMIT ?", [f"%{q}%", f"%{q}%", limit])))

    @app.get("/api/dyads/{source}/{target}")
    def dyad(source: str = Path_(..., max_length=100), target: str = Path_(..., max_length=100),
             period: str = Query("month", pattern="^(day|week|month|quarter|year)$"), undirected: bool = False,
             since: str | None = Query(None, pattern=DATE), until: str | None = Query(None, pattern=DATE),
             type: str | None = Query(None, max_length=40), status: str | None = Query(None, max_length=20)):
        """A dyad's time series (QuadClass counts, Goldstein), optionally of one type or status."""
        from faultlines.analysis.series import dyad_series

        return table(read(lambda store: dyad_series(store, source, target, period, not undirected, since, until,
                                                    type, status)))

    @app.get("/api/network")
    def network(since: str | None = Query(None, pattern=DATE), until: str | None = Query(None, pattern=DATE),
                actor: str | None = Query(None, max_length=100), type: str | None = Query(None, max_length=40),
                status: str | None = Query(None, max_length=100), top: int = Query(300, ge=1, le=5000)):
        """The signed weighted network of the events in scope (dates, an actor's ties, a type;
        `status`: comma-separated statuses or `all`, default asserted,reported; denied events
        never make an edge): nodes and the `top` edges by event volume (`total_edges`: how
        many in all), each edge with the `event_ids` and `doc_ids` behind it."""
        from faultlines.analysis.network import build_graph, strongest

        graph = read(lambda store: build_graph(store, since, until, actor=actor, event_type=type, status=status))
        shown = strongest(graph, top)
        return {"nodes": [{"id": n, **d} for n, d in shown.nodes(data=True)],
                "edges": [{"source": a, "target": b, **d} for a, b, d in shown.edges(data=True)],
                "total_edges": graph.number_of_edges()}

    @app.get("/api/triads")
    def triads(actor: list[str] = Query([]), what_if: str | None = Query(None, pattern=r"^[^:]+:[^:]+:[+-]$"),
               status: str | None = Query(None, max_length=100)):
        """Balance triads (optionally with these actors) and a what-if tie A:B:+ or A:B:-, over
        the ties of the `status` events (default asserted,reported)."""
        from faultlines.analysis import balance
        from faultlines.analysis.network import build_graph

        graph = balance.signed_graph(read(lambda store: build_graph(store, status=status)))
        found = [{"actors": t.actors, "signs": t.signs, "balanced": t.balanced}
                 for t in balance.triads(graph, set(actor) or None)]
        result: dict = {"items": found}
        if len(actor) == 2:
            result["common_adversaries"] = balance.common(graph, actor[0], actor[1], -1)
            result["common_allies"] = balance.common(graph, actor[0], actor[1], 1)
        if what_if:
            a, b, sign = what_if.split(":")
            result["what_if"] = [{"actors": after.actors, "before": before.balanced if before else None,
                                  "after": after.balanced}
                                 for before, after in balance.what_if(graph, a, b, 1 if sign == "+" else -1)]
        return result

    @app.get("/api/alerts")
    def alerts(ratio: float = Query(2.0, gt=1), threshold: float = Query(4.0, gt=0),
               actor: str | None = Query(None, max_length=100), since: str | None = Query(None, pattern=DATE),
               until: str | None = Query(None, pattern=DATE), warmup: int = Query(3, ge=1, le=520),
               min_documents: int = Query(2, ge=1, le=1000), status: str | None = Query(None, max_length=100)):
        """Escalation alerts with their evidence (`event_ids`, `doc_ids`); `actor`, `since`, `until`
        pick the alerts on that actor's dyads and in those weeks (the baselines use the whole
        store); a week alerts only with events from `min_documents` documents; `status`: the
        statuses counted (default asserted,reported)."""
        from datetime import date as day

        from faultlines.analysis.escalation import alerts as find
        from faultlines.query import scope_clauses

        scope_clauses(since=since, until=until)  # a clear 400 for an impossible date
        first, last = (day.fromisoformat(d) if d else None for d in (since, until))
        found = [a for a in read(lambda store: find(store, ratio, threshold, warmup,
                                                    min_documents=min_documents, status=status))
                 if (not actor or actor in a.dyad) and (not first or a.week >= first) and (not last or a.week <= last)]
        return {"items": [{"dyad": a.dyad, "week": a.week, "count": a.count, "baseline": a.baseline,
                           "score": a.score, "events": a.event_ids, "event_ids": a.event_ids,
                           "doc_ids": a.doc_ids} for a in found]}

    @app.get("/api/transfers")
    def transfers(actor: str | None = Query(None, max_length=100), since: str | None = Query(None, pattern=DATE),
                  until: str | None = Query(None, pattern=DATE), status: str | None = Query(None, max_length=100)):
        """The arms-transfer ledger (one actor's, within dates; `status`: default asserted,reported),
        each row with its `event_ids` and `doc_ids`."""
        from faultlines.analysis.ledgers import transfers as ledger

        return table(read(lambda store: ledger(store, actor, since, until, status)))

    @app.get("/api/claims")
    def claims(actor: str | None = Query(None, max_length=100), contested: bool = False,
               type: str | None = Query(None, max_length=40), since: str | None = Query(None, pattern=DATE),
               until: str | None = Query(None, pattern=DATE)):
        """The claims ledger (one actor's, one type's, within dates; only contested ones), each
        row with `contested_because`, `event_ids` and `doc_ids`."""
        from faultlines.analysis.ledgers import claims as ledger

        return table(read(lambda store: ledger(store, actor, 14, contested, type, since, until)))

    @app.get("/api/brief")
    def brief(actor: list[str] = Query(...), since: str | None = None, until: str | None = None,
              format: str = Query("md", pattern="^(md|html|json)$"), status: str | None = Query(None, max_length=100)):
        """A cited brief on the actors, as Markdown, HTML or JSON (developments with `event_ids`
        and `doc_ids`, sources, claims, transfers, alerts); `status`: default asserted,reported."""
        from faultlines.analysis.briefs import build, render, to_json

        if format == "json":
            return read(lambda store: to_json(build(store, actor, since, until, status=status)))
        text = read(lambda store: render(build(store, actor, since, until, status=status), format))
        return HTMLResponse(text) if format == "html" else PlainTextResponse(text, media_type="text/markdown")

    @app.post("/api/extract")
    def extract(request: ExtractRequest):
        """Code events in the text; nothing is stored."""
        from faultlines.extract import extract as run

        return {"items": [e.to_json() for e in run(request.text, request.date, "request", request.source,
                                                   comments=request.comments,
                                                   **({"coder": request.coder} if request.coder else {}))]}

    @app.post("/api/ingest")
    def ingest(request: IngestRequest, authorization: str | None = Header(None)):
        """Store documents (needs the server's ingest token)."""
        if not ingest_token:
            raise Forbidden("ingest is disabled on this server (start it with an ingest token)")
        if authorization != f"Bearer {ingest_token}":
            raise Forbidden("a valid 'Authorization: Bearer <token>' header is required to ingest")
        from faultlines.model import Document
        from faultlines.pipeline import ingest_documents
        from faultlines.records import document_from_record

        docs, problems = [], []
        for n, record in enumerate(request.documents):
            item = document_from_record(record, f"documents[{n}]", f"api-{n}", max_chars=MAX_EXTRACT_CHARS)
            (docs if isinstance(item, Document) else problems).append(item)
        with access.writing() as store:
            store.record_errors([(p.input, p.reason) for p in problems])
            summary = ingest_documents(docs, store)
        found = [{"input": p.input, "reason": p.reason} for p in problems]
        found += [{"input": name, "reason": reason} for name, reason in summary.problems]
        return {"new": summary.new, "duplicate": summary.duplicate, "events": summary.events,
                "problems": found, "warnings": summary.warnings}

    # The dashboard: static files, no CDN; scripts only from this server.
    app.mount("/static", StaticFiles(directory=WEB), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard():
        return FileResponse(WEB / "index.html")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.get("/api/summary")
    def summary():
        """What the store holds: counts, date range and event types (for filters)."""
        from faultlines.query import summary as describe

        return read(describe) | {"db": Path(db).name}

    # -- for the dashboard: the time brush and the evidence behind a row --------------
    @app.get("/api/timeline")
    def timeline():
        """Events per month over the whole store (stated as fact, and not), zero months included."""
        from faultlines.browse import timeline as months

        return {"items": read(months)}

    @app.get("/api/evidence")
    def evidence(id: list[str] = Query([], max_length=500)):
        """The events with these ids (`id` repeated, up to 500), with highlights, and their documents."""
        from faultlines.browse import events_by_id

        return read(lambda store: events_by_id(store, id))

    @app.get("/api/places")
    def places(actor: str | None = Query(None, max_length=100), type: str | None = Query(None, max_length=40),
               status: str | None = Query(None, max_length=20), since: str | None = Query(None, pattern=DATE),
               until: str | None = Query(None, pattern=DATE), text: str | None = Query(None, max_length=200)):
        """Places with coordinates where the events in the filters happened, with their event ids."""
        from faultlines.browse import located_events
        from faultlines.query import EventFilter

        flt = EventFilter(actor, None, type, None, status, since, until, None, text)
        return {"items": read(lambda store: located_events(store, flt))}

    @app.get("/api/health")
    def health():
        return {"status": "ok", "version": __version__, "db": Path(db).name}

    @app.get("/docs", include_in_schema=False)
    def docs():
        """The API reference, rendered from /openapi.json by a script this server
        serves (Swagger UI from a CDN would break the CSP and offline use)."""
        return FileResponse(WEB / "docs.html")

    # Outermost last: the Host check and the streamed body cap see every request first.
    app.add_middleware(BodyLimit, limit=MAX_BODY)
    if "*" not in hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(hosts))
    return app


class BodyLimit:
    """Refuse request bodies over `limit` bytes with 413, counting what actually
    arrives (a chunked body has no Content-Length to trust)."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            return await self.too_large(send)
        seen, exceeded, started = 0, False, False

        async def counted_receive():
            nonlocal seen, exceeded
            if exceeded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:  # stop reading; the app sees a cut-off body
                    exceeded = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def tracked_send(message):
            nonlocal started
            if exceeded and not started:
                return  # the app's answer to a cut-off body is replaced by 413
            started = True
            await send(message)

        await self.app(scope, counted_receive, tracked_send)
        if exceeded and not started:
            await self.too_large(send)

    async def too_large(self, send):
        response = JSONResponse(error_body("TooLarge", f"request body over {MAX_BODY:,} bytes"), status_code=413)
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(k.encode(), v.encode()) for k, v in response.headers.items()]
                    + [(b"connection", b"close")]})
        await send({"type": "http.response.body", "body": response.body})


@contextmanager
def running(app: FastAPI, host: str = "127.0.0.1", timeout: float = 10.0) -> Iterator[str]:
    """Serve `app` with uvicorn on a free port of `host` (loopback by default) in a
    background thread; yields the base URL and stops the server on exit. For tests,
    benchmarks and notebooks; `faultlines serve` is the command-line way."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as probe:
        probe.bind((host, 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise PipelineError(f"the API server did not start on {host}:{port}")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=timeout)
