"""Work in chunks, in worker processes, where the death of a worker costs one item only.

A worker can die without a Python exception: a native library aborting the process (a
failed allocation in the Rust reader), a crash, a kill from outside. The pool is then
broken and every chunk in flight is lost with it. Here the chunks in flight are done
again one item at a time in a process of their own: an item that kills that process
again is the culprit, and is given up (``lost``) with the reason; every other item gets
its real result, and the batch goes on with a fresh pool.

The main process never runs the work itself: whatever crashes, the command survives to
say which item it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Generic, TypeVar

from evalsoc.support.processes import main_not_rerun, new_pool, stop_workers

__all__ = ["LOST_DETAIL", "Isolated"]

K = TypeVar("K")
T = TypeVar("T")
Task = Callable[[list[K], Any], list[T]]
LOST_DETAIL = "le processus de lecture s'est arrêté brutalement sur ce fichier"
_SAID = 200  # characters kept of what a dying worker wrote
_CHECK = 1.0  # seconds between two looks at the workers while a result is awaited


class Isolated(Generic[K, T]):
    """Run ``task(keys, context)`` over chunks of keys in ``workers`` processes; results
    come back chunk by chunk, in order, with at most ``2 × workers`` chunks in flight.
    ``lost(key, said)`` stands for the result of an item whose process died on it;
    ``said`` is the first line the process wrote on its way out (a native library's last
    words), or "". Workers write nowhere else: their error output is not the user's."""

    def __init__(self, workers: int, task: Task[K, T], lost: Callable[[K, str], T],
                 context: Any = None, initializer: Callable[..., Any] | None = None,
                 initargs: tuple[Any, ...] = (), preload: tuple[str, ...] = (),
                 recycle: int | None = None) -> None:
        self.workers = max(1, workers)
        self.task, self.lost, self.context = task, lost, context
        self.initializer, self.initargs, self.preload = initializer, initargs, preload
        self.recycle = recycle  # chunks a worker does before a fresh one takes over
        self._pool: ProcessPoolExecutor | None = None
        self._solo: ProcessPoolExecutor | None = None
        self.deaths = 0  # pools found broken (a worker died)
        self._said: str | None = None  # the file the lone worker writes its errors to

    def run(self, chunks: Iterable[list[K]]) -> Iterator[list[T]]:
        try:
            yield from self._run(chunks)
        except BaseException:
            self._close(stop=True)
            raise
        self._close(stop=False)

    def _run(self, chunks: Iterable[list[K]]) -> Iterator[list[T]]:
        pending: deque[tuple[list[K], Future[list[T]], ProcessPoolExecutor]] = deque()
        for chunk in chunks:
            pending.append((chunk, *self._submit(chunk)))
            while pending and (len(pending) >= 2 * self.workers or pending[0][1].done()):
                yield self._result(*pending.popleft())
        while pending:
            yield self._result(*pending.popleft())

    def _open(self, workers: int, stderr: str = os.devnull) -> ProcessPoolExecutor:
        return new_pool(workers, self.initializer, self.initargs, stderr, self.preload,
                        self.recycle)

    def _submit(self, chunk: list[K]) -> tuple[Future[list[T]], ProcessPoolExecutor]:
        if self._pool is None:
            self._pool = self._open(self.workers)
        with main_not_rerun():  # workers start within submit()
            try:
                return self._pool.submit(self.task, chunk, self.context), self._pool
            except BrokenProcessPool:
                self._replace(self._pool)
                assert self._pool is not None
                return self._pool.submit(self.task, chunk, self.context), self._pool

    def _result(self, chunk: list[K], future: Future[list[T]],
                pool: ProcessPoolExecutor) -> list[T]:
        try:
            return _wait(future, pool)
        except BrokenProcessPool:
            self._replace(pool)
            return [item for key in chunk for item in self._alone(key)]

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """A fresh pool for the chunks still to come (once per broken pool)."""
        if self._pool is broken:
            self.deaths += 1
            stop_workers(broken)
            self._pool = self._open(self.workers)

    def _alone(self, key: K) -> list[T]:
        """One item in a process of its own: its result, or ``lost`` if it kills it."""
        if self._said is None:
            handle, self._said = tempfile.mkstemp(prefix="evalsoc-", suffix=".err")
            os.close(handle)
        if self._solo is None:
            self._solo = self._open(1, self._said)
        try:
            with main_not_rerun():
                future = self._solo.submit(self.task, [key], self.context)
            return _wait(future, self._solo)
        except BrokenProcessPool:
            self.deaths += 1
            stop_workers(self._solo)
            self._solo = None
            return [self.lost(key, _first_line(self._said))]

    def _close(self, stop: bool) -> None:
        for pool in (self._pool, self._solo):
            if pool is None:
                continue
            if stop:
                stop_workers(pool)
            else:
                pool.shutdown(wait=True)
        self._pool = self._solo = None
        if self._said is not None:
            with contextlib.suppress(OSError):
                Path(self._said).unlink()
            self._said = None


def _wait(future: Future[list[T]], pool: ProcessPoolExecutor) -> list[T]:
    """The future's result. A worker killed while it was handing a result back can leave
    the pool waiting forever for the rest of it, unaware of the death: a pool with a
    worker dead of a signal or an error (not one that ended its turn, see ``recycle``)
    and this result still missing a second later is taken as broken."""
    while True:
        try:
            return future.result(timeout=_CHECK)
        except FutureTimeout:
            processes = getattr(pool, "_processes", None)
            # None: the pool was stopped (found broken on another chunk) while this chunk
            # was in flight; its workers are gone, and its manager thread may be the one
            # stuck on the half-written result, so nothing will ever end this future
            dead = processes is None or any(p.exitcode not in (None, 0)
                                            for p in processes.values())
            if dead and not future.done():
                time.sleep(_CHECK)
                if not future.done():
                    raise BrokenProcessPool(LOST_DETAIL) from None


def _first_line(path: str) -> str:
    """The first line written to ``path`` since it was last read, which empties it."""
    try:
        with Path(path).open("r+b") as handle:
            text = handle.read(64 * 1024).decode("utf-8", "replace")
            handle.truncate(0)
    except OSError:
        return ""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")[:_SAID]
