"""Worker processes for batches: started safely, never outliving the command.

Forking a process that already runs threads (Typst's and matplotlib's libraries, a
progress bar) can deadlock the child. Workers are therefore forked from a clean server
process ("forkserver"), which is also much cheaper than starting fresh interpreters.

A worker dies with the command that started it, whatever ends the command:

- Ctrl-C reaches every process of the terminal's group; workers ignore it, and the
  command, which decides, stops them (:func:`worker_pool` ends them on any exception);
- on Linux the kernel sends SIGTERM to a worker whose parent (the fork server) dies
  (``PR_SET_PDEATHSIG``), and the fork server ends as soon as the command is gone, even
  after a SIGKILL, which no handler sees;
- everywhere, a thread of each worker watches the command's process and ends the worker
  within a second of its end (the only guard where there is no ``prctl``), even when
  the command, killed, is a zombie its own parent has not reaped yet (the fork server
  itself then stays up: it only ends with its last worker).

A worker ended by SIGTERM removes the temporary files it was writing
(:func:`evalsoc.support.files.abandon_pending`), so that no half-written output is left behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.machinery
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from evalsoc.support.files import abandon_pending

__all__ = ["main_not_rerun", "new_pool", "stop_workers", "worker_pool"]

_PR_SET_PDEATHSIG = 1
# evalsoc's settings (EVALSOC_REFERENTIELS...) are the command's, not those the fork
# server had when it started (a long-lived process may change them between batches)
_SETTINGS = "EVALSOC_"
_WATCH_SECONDS = 0.5
_STOP_GRACE = 2.0  # seconds a worker has to end on SIGTERM before it is killed
_UNSTICK_WAIT = 0.5  # seconds a stopped pool's manager thread has to end by itself


def worker_pool(workers: int, initializer: Callable[..., Any] | None = None,
                initargs: tuple[Any, ...] = (), preload: tuple[str, ...] = ()
                ) -> contextlib.AbstractContextManager[ProcessPoolExecutor]:
    """A process pool, as a context manager that stops its workers at once (rather than
    waiting for the work queued) when the block ends on an exception or Ctrl-C."""
    return _pool(workers, initializer, initargs, preload)


def _context(preload: tuple[str, ...] = ()) -> multiprocessing.context.BaseContext:
    if not sys.platform.startswith("linux"):
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # the server imports the work's code once (the batch's by default, or ``preload``
    # when it is started for other work); every worker forked from it starts warm, and
    # shares those pages
    context.set_forkserver_preload(["__main__", *(preload or ("evalsoc.batch.run",))])
    return context


def new_pool(workers: int, initializer: Callable[..., Any] | None = None,
             initargs: tuple[Any, ...] = (), stderr: str | None = None,
             preload: tuple[str, ...] = (), recycle: int | None = None
             ) -> ProcessPoolExecutor:
    """A process pool whose workers ignore Ctrl-C and die with the command; the caller
    ends it with ``shutdown`` or :func:`stop_workers`. ``stderr``: a file that receives
    what the workers write there (what a native library says before it aborts).
    ``recycle``: each worker ends after that many tasks and a fresh one, forked warm,
    takes over (memory that caches keep growing is given back)."""
    settings = {k: v for k, v in os.environ.items() if k.startswith(_SETTINGS)}
    return ProcessPoolExecutor(max_workers=workers, mp_context=_context(preload),
                               initializer=_start_worker,
                               initargs=(os.getpid(), initializer, initargs, stderr,
                                         settings), max_tasks_per_child=recycle)


@contextlib.contextmanager
def _pool(workers: int, initializer: Callable[..., Any] | None,
          initargs: tuple[Any, ...], preload: tuple[str, ...]
          ) -> Iterator[ProcessPoolExecutor]:
    pool = new_pool(workers, initializer, initargs, preload=preload)
    try:
        yield pool
    except BaseException:
        stop_workers(pool)
        raise
    pool.shutdown(wait=True)


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """End the pool's workers now: queued work is cancelled, running work abandoned.
    A second Ctrl-C meanwhile is ignored (it would only print a traceback)."""
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        # no public way to reach a pool's processes before Python 3.14
        found = list((getattr(pool, "_processes", None) or {}).values())
        manager = getattr(pool, "_executor_manager_thread", None)
        results = getattr(pool, "_result_queue", None)
        pool.shutdown(wait=False, cancel_futures=True)
        for process in found:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                process.terminate()
        deadline = time.monotonic() + _STOP_GRACE
        for process in found:
            with contextlib.suppress(OSError, ValueError, AttributeError, AssertionError):
                process.join(max(0.0, deadline - time.monotonic()))
                if process.is_alive():
                    process.kill()
                    process.join(1.0)
        _unstick(manager, results)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _unstick(manager: threading.Thread | None, results: object) -> None:
    """A worker killed half-way through handing its result back leaves the pool's
    manager thread reading the rest of it forever, and the interpreter waits for that
    thread at exit (a command, or a test run, that never ends). Its workers now dead,
    our own copy of the pipe's writing end is the last one: closing it gives the reader
    an end of file, and the thread ends as for a broken pool."""
    if manager is None or not manager.is_alive():
        return
    manager.join(_UNSTICK_WAIT)  # a thread that is not stuck ends by itself
    if manager.is_alive():
        with contextlib.suppress(OSError, AttributeError):
            results._writer.close()  # type: ignore[attr-defined]
        manager.join(_UNSTICK_WAIT)


@contextlib.contextmanager
def main_not_rerun() -> Iterator[None]:
    """While workers start for evalsoc's own work (functions of evalsoc's modules): they
    need nothing of the caller's script, and a script without the
    ``if __name__ == "__main__":`` guard (a user's few lines calling ``ingest``) would
    otherwise run again in every worker, each one starting its own batch. The script's
    module is given a spec named ``__main__``, which multiprocessing does not re-import."""
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None \
            or not getattr(main, "__file__", None):
        yield
        return
    main.__spec__ = importlib.machinery.ModuleSpec("__main__", None)
    try:
        yield
    finally:
        main.__spec__ = None


def _start_worker(parent: int, initializer: Callable[..., Any] | None,
                  initargs: tuple[Any, ...], stderr: str | None = None,
                  settings: dict[str, str] | None = None) -> None:
    """First thing a worker runs: ignore Ctrl-C, die with the command, take the
    command's settings, then the caller's own initializer."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in [k for k in os.environ if k.startswith(_SETTINGS)]:
        del os.environ[name]
    os.environ.update(settings or {})
    if stderr is not None:
        with contextlib.suppress(OSError):
            target = os.open(stderr, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            os.dup2(target, 2)
            os.close(target)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _end)
    _die_with_parent()
    threading.Thread(target=_watch, args=(parent, os.getppid()), daemon=True,
                     name="evalsoc-parent-watch").start()
    if initializer is not None:
        initializer(*initargs)


def _end(_signum: int = signal.SIGTERM, _frame: object = None) -> None:
    abandon_pending()
    os._exit(128 + int(signal.SIGTERM))


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)


def _watch(command: int, parent: int) -> None:
    """Poll: the worker's parent changed (it died and the worker was adopted) or the
    command's process is gone; then end the worker as SIGTERM would."""
    while True:
        time.sleep(_WATCH_SECONDS)
        if os.getppid() != parent or not _alive(command):
            _end()


def _alive(pid: int) -> bool:
    """Whether the process runs; a zombie (dead, not yet reaped by its parent: a test
    runner reading its output first) does not."""
    if sys.platform == "win32":
        return _alive_windows(pid)
    with contextlib.suppress(OSError, IndexError):
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _alive_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    synchronize, wait_object_0 = 0x00100000, 0
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(synchronize, False, pid)
    if not handle:
        return False
    try:
        return bool(kernel32.WaitForSingleObject(handle, 0) != wait_object_0)
    finally:
        kernel32.CloseHandle(handle)
