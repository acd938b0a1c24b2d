"""One writer, many readers: how `faultlines serve` shares its store file.

Inside the server every request goes through one `StoreAccess`: one DuckDB
connection (read-write when the server accepts ingests, read-only otherwise),
one cursor per request, so dashboard reads and `POST /api/ingest` share the
store without the "different configuration" errors that opening the file once
per request gave. Ingests are serialised by a writer lock; reads never wait for
them (DuckDB's MVCC shows readers the last committed state).

Across processes DuckDB allows one writing process or several reading ones,
never both, so a CLI `faultlines ingest` and the server take turns. The server
opens the file only while requests are in flight; when another process waits for
it (the `<store>.wanted` marker, see `store.wanted_marker`) and it has held the
file longer than `hold` seconds, it lets in-flight requests finish, closes it and
leaves a short gap before reopening. A CLI ingest that sees the marker lets go of
the file while it parses (`Store.lending`: it checks every few documents), so the
server waits for it at most `wait` seconds and otherwise answers 503 with
Retry-After (`StoreBusy`).
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Iterator

from faultlines.store import Store, StoreBusy, is_wanted


class StoreAccess:
    def __init__(self, path: str, writable: bool = False, wait: float = 5.0, hold: float = 0.5,
                 gap: float = 0.1):
        self.path, self.writable = path, writable
        self.wait, self.hold, self.gap = wait, hold, gap
        self._cond = threading.Condition()
        self._store: Store | None = None
        self._users = 0
        self._opened = 0.0
        self._draining = False
        self._writer = threading.Lock()

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """A Store on its own cursor for one request."""
        store = self._enter()
        try:
            yield store
        finally:
            self._leave(store)

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """The one writer at a time. `Store.lending()` inside it gives the file back
        while the caller parses, so readers (and other processes) are not held up."""
        if not self.writable:
            raise StoreBusy(self.path, None)
        with self._writer:
            store = self._enter()
            held = [True]

            def release():
                held[0] = False
                self._leave(store)

            def reacquire():
                store.db = self._enter().db
                held[0] = True

            store.hooks = (release, reacquire)
            try:
                yield store
            finally:
                if held[0]:
                    self._leave(store)

    def _enter(self) -> Store:
        with self._cond:
            while self._draining:
                self._cond.wait()
            if self._store is not None and time.monotonic() - self._opened > self.hold \
                    and is_wanted(self.path):
                self._drain()
            if self._store is None:
                self._store = Store(self.path, read_only=not self.writable, wait=self.wait)
                self._opened = time.monotonic()
            self._users += 1
            return Store.borrow(self._store)

    def _drain(self) -> None:
        """Let the requests in flight finish, close the file and pause, so another
        process waiting for the lock gets its turn."""
        self._draining = True
        try:
            while self._users:
                self._cond.wait()
            self._close()
            time.sleep(self.gap)
        finally:
            self._draining = False
            self._cond.notify_all()

    def _leave(self, store: Store) -> None:
        try:
            store.db.close()
        finally:
            with self._cond:
                self._users -= 1
                if self._users == 0:
                    self._close()
                self._cond.notify_all()

    def _close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def close(self) -> None:
        with self._cond:
            self._close()
