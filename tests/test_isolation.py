"""Per-file isolation (issue 15): a worker's death costs one item, workers never outlive
the command, Ctrl-C says « Interrompu. » and nothing else.

W1 a native abort or a crash in a worker costs only the item it was working on, named
with what the process said; W2 a worker killed from outside costs nothing: its chunk is
done again; W3 SIGKILL or SIGTERM of the command leaves no worker after 5 s; W4 Ctrl-C
prints « Interrompu. » only, exit 2, no worker left; W6 an interrupted command that
something keeps from ending (a thread joined at exit that never returns) still ends.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import crashers
import pytest
from proctree import alive, descendants
from workbooks import make_workbook

from evalsoc.batch.run import BatchItem, check_paths
from evalsoc.referentiel.model import Referentiel
from evalsoc.support import isolation, processes
from evalsoc.support.isolation import Isolated


@pytest.fixture
def root(mini_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(mini_root))
    return mini_root


def copies(folder: Path, mini: Referentiel, count: int, distinct: bool = False) -> Path:
    """``count`` copies of one valid workbook (check reads each copy); ``distinct``: each
    with its own bytes (a zip comment), so that ingest reads them all."""
    first = make_workbook(folder / "s0000.xlsx", mini)
    for n in range(1, count):
        shutil.copy(first, copy := folder / f"s{n:04d}.xlsx")
        if distinct:
            with zipfile.ZipFile(copy, "a") as archive:
                archive.comment = f"copie {n}".encode()
    return folder


@pytest.mark.parametrize("task", [crashers.abort_on, crashers.segfault_on])
def test_w1_a_native_crash_costs_only_its_item(task: object) -> None:
    runner: Isolated[int, Any] = Isolated(2, task, crashers.lost, context=17)  # type: ignore[arg-type]
    chunks = [list(range(start, start + 5)) for start in range(0, 40, 5)]
    results = [r for chunk in runner.run(chunks) for r in chunk]
    assert len(results) == 40
    assert results[:17] == [2 * k for k in range(17)]
    assert results[18:] == [2 * k for k in range(18, 40)]
    assert results[17][:2] == ("perdu", 17)
    if task is crashers.abort_on:
        assert results[17][2] == "memory allocation of 549755813888 bytes failed"
    assert runner.deaths >= 1


def _grandchildren() -> list[int]:
    """This process's workers: children of its fork server."""
    children = set(descendants(os.getpid())) - {int(p) for p in _children()}
    return sorted(p for p in children if alive(p))


def _children() -> list[int]:
    pid = os.getpid()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def test_w2_a_worker_killed_from_outside_costs_nothing(tmp_path: Path, mini: Referentiel,
                                                       root: Path) -> None:
    folder = copies(tmp_path / "in", mini, 120)
    killed: list[int] = []

    def progress(items: Iterator[BatchItem], _total: int) -> Iterable[BatchItem]:
        for index, item in enumerate(items):
            if index == 10:
                workers = _grandchildren()
                assert workers, "the batch runs in worker processes"
                os.kill(workers[0], signal.SIGKILL)
                killed.append(workers[0])
            yield item

    items = check_paths([folder], workers=2, root=root, progress=progress, isolate=True)
    assert killed
    assert len(items) == 120
    assert all(item.read.valid for item in items), [
        i.render() for item in items for i in item.read.issues][:3]


def test_w2_a_chunk_of_a_pool_stopped_meanwhile_is_done_again() -> None:
    """A worker killed while it hands a result back leaves its pool's manager thread
    waiting forever for the rest of it; the pool is then stopped and replaced, and the
    chunks still in flight on it must be done again, not waited for forever."""
    never: Future[list[int]] = Future()  # what the stuck manager thread never ends
    stopped = cast(ProcessPoolExecutor, SimpleNamespace(_processes=None))
    raised: list[BaseException] = []

    def wait() -> None:
        try:
            isolation._wait(never, stopped)
        except BaseException as err:  # what it raises is the result
            raised.append(err)
    waiter = threading.Thread(target=wait, daemon=True)  # a hang must not hang the run
    waiter.start()
    waiter.join(15)
    assert not waiter.is_alive(), "still waiting for a chunk nothing will ever end"
    assert [type(e) for e in raised] == [BrokenProcessPool]


def _start(command: list[str], root: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "EVALSOC_REFERENTIELS": str(root)}
    return subprocess.Popen([sys.executable, "-m", "evalsoc", *command], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _workers_of(process: subprocess.Popen[str], at_least: int = 3) -> list[int]:
    """The command's descendants once its workers run (fork server and workers)."""
    deadline = time.monotonic() + 60
    found: list[int] = []
    while time.monotonic() < deadline and process.poll() is None:
        found = descendants(process.pid)
        if len(found) >= at_least:
            time.sleep(0.3)  # the workers are reading
            return descendants(process.pid)
        time.sleep(0.05)
    raise AssertionError(f"no workers seen ({found}); exit {process.poll()}")


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
@pytest.mark.slow
def test_w3_no_worker_outlives_its_command(tmp_path: Path, mini: Referentiel, root: Path,
                                           how: signal.Signals) -> None:
    folder = copies(tmp_path / "in", mini, 3000)
    process = _start(["check", str(folder), "--workers", "2", "-q"], root)
    workers = _workers_of(process)
    process.send_signal(how)
    process.communicate(timeout=60)
    time.sleep(5)
    assert [p for p in workers if alive(p)] == []


@pytest.mark.slow
def test_w4_ctrl_c_says_interrompu_and_nothing_else(tmp_path: Path, mini: Referentiel,
                                                    root: Path) -> None:
    folder = copies(tmp_path / "in", mini, 1500, distinct=True)
    process = _start(["ingest", str(folder), "--campagne", "2025",
                      "--db", str(tmp_path / "c.sqlite"), "--workers", "2"], root)
    workers = _workers_of(process)
    os.killpg(process.pid, signal.SIGINT)  # what the terminal does: the whole group
    out, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (2, "Interrompu.\n"), out[-500:]
    time.sleep(5)
    assert [p for p in workers if alive(p)] == []


def test_w5_a_script_without_a_main_guard(tmp_path: Path, mini: Referentiel,
                                          root: Path) -> None:
    """A user's few lines calling the library, without ``if __name__ == "__main__":``:
    the workers must not run the script again (each would start its own batch)."""
    folder = copies(tmp_path / "in", mini, 12, distinct=True)
    script = tmp_path / "essai.py"
    script.write_text(
        "from pathlib import Path\n"
        "from evalsoc.batch.run import check_paths\n"
        "from evalsoc.store.ingest import ingest\n"
        f"items = check_paths([Path({str(folder)!r})], workers=2)\n"
        "print(sum(i.read.valid for i in items), 'valides')\n"
        f"bilan = ingest([Path({str(folder)!r})], '2025', Path('c.sqlite'), workers=2)\n"
        "print(bilan.ingested, 'enregistrés')\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, check=False,
                          env={**os.environ, "EVALSOC_REFERENTIELS": str(root)})
    assert done.stdout == "12 valides\n12 enregistrés\n", done.stdout + done.stderr[-2000:]


_STUCK_AT_EXIT = """
import signal, sys, threading
import evalsoc.cli.main as main
main._STOP_SECONDS = 1.0
signal.signal(signal.SIGINT, main._interrupted)
# what a pool's manager thread does when the pipe it writes to lost its reader: it never
# returns, and the interpreter joins it before ending
threading.Thread(target=threading.Event().wait).start()
try:
    signal.raise_signal(signal.SIGINT)
except main.Interrupted:
    main._say_interrupted()
    sys.exit(2)
"""


def test_w6_an_interrupted_command_ends_even_if_stuck_at_exit() -> None:
    done = subprocess.run([sys.executable, "-c", _STUCK_AT_EXIT], capture_output=True,
                          text=True, timeout=60, check=False)
    assert (done.returncode, done.stderr, done.stdout) == (2, "Interrompu.\n", "")


def test_w2_a_pool_stopped_on_a_half_written_result_lets_the_process_end() -> None:
    """The manager thread of a pool whose worker died half-way through its result waits
    for the rest of it; the interpreter waits for that thread at exit (seen: a test run
    that printed « 1319 passed » and never ended). Stopping the pool must end it."""
    pool = processes.new_pool(1)
    with processes.main_not_rerun():
        future = pool.submit(crashers.dies_half_way_through_its_result, [1], None)
    internals: Any = pool  # what the pool keeps to itself (no public way before 3.14)
    manager, results = internals._executor_manager_thread, internals._result_queue
    assert manager is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any(
            p.exitcode is not None for p in list(internals._processes.values())):
        time.sleep(0.05)
    time.sleep(0.5)
    assert not future.done(), "the manager thread is reading the half-written result"
    processes.stop_workers(pool)
    manager.join(10)
    stuck = manager.is_alive()
    if stuck:  # end it all the same: a thread stuck here would hang the whole run
        results._writer.close()
    assert not stuck, "the pool's manager thread still waits for the rest of a result"
