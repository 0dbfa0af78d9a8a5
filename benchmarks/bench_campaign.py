"""Benchmark: a whole campaign, end to end, as a consultant runs it.

    python benchmarks/bench_campaign.py [--structures 500] [--dir DOSSIER] [--serial 40]

Simulates a campaign (messy typing, its registry), then times the commands a consultant
runs, each in its own process, as typed in a terminal: ``evalsoc check``, ``evalsoc
ingest``, ``evalsoc report structure`` (every fiche, HTML and PDF, on every core),
``evalsoc report sector`` (HTML, PDF, XLSX) and ``evalsoc export`` (XLSX). For each step
it prints the seconds and the peak memory of the step's processes together (the command
and its workers, sampled every 20 ms): their proportional set size (PSS: a page shared
by several processes, such as the libraries workers inherit from the server they are
forked from, counts once in all, as it does in the machine's memory), and beside it the
plain sum of their resident sizes (RSS, which counts a shared page once per process).
Then the total, against the targets: under 40 s in all, under 400 MB (PSS) at any
moment.

The baseline, measured in the same run: the fiches of the first ``--serial`` structures
made in one process (``--workers 1``), per fiche, against the per-fiche time of the
parallel step: the ratio says what the cores bring, whatever the machine's load.

With ``--export-large N``, a second campaign of N structures is simulated and ingested,
and only its export is timed: the export's memory must stay flat in the number of
structures (free texts are read from the base in chunks), so both peaks are printed
side by side.

The exit code is 1 when a target is missed. The machine matters (cores, disk, other
work): run it on the machine that will do the work, with nothing else running, and
read the ratio before the seconds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

TARGET_SECONDS = 40.0
TARGET_MB = 400.0


@dataclass
class Step:
    name: str
    seconds: float
    peak_mb: float  # PSS, the processes together
    rss_mb: float  # RSS, summed
    code: int


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(
                int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _memory(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of a process, in bytes (0 when it is gone)."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    sizes = {line.split(":")[0]: int(line.split()[1]) * 1024 for line in text.splitlines()
             if line.startswith(("Pss:", "Rss:"))}
    return sizes.get("Pss", 0), sizes.get("Rss", 0)


def timed(name: str, args: list[str], cwd: Path) -> Step:
    """Run ``evalsoc ARGS`` in ``cwd``: seconds, and the peak of the summed resident
    memory of the command and its workers (Linux; elsewhere, the command's own peak)."""
    command = [sys.executable, "-m", "evalsoc", *args]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    peak = peak_rss = 0

    def sample() -> None:
        nonlocal peak, peak_rss
        while process.poll() is None:
            sizes = [_memory(p) for p in (process.pid, *_descendants(process.pid))]
            peak = max(peak, sum(p for p, _ in sizes))
            peak_rss = max(peak_rss, sum(r for _, r in sizes))
            time.sleep(0.02)

    watcher = threading.Thread(target=sample, daemon=True)
    if Path("/proc/self/smaps_rollup").exists():
        watcher.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - start
    if watcher.is_alive():
        watcher.join()
    if process.returncode not in (0, 1):
        print(f"  {name} a échoué (code {process.returncode}) :\n{err[-2000:]}")
    return Step(name, seconds, peak / 1e6, peak_rss / 1e6, process.returncode)


def simulate(folder: Path, count: int) -> float:
    """The campaign's workbooks, made once (kept with --dir)."""
    target = folder / "retours"
    manifest = target / "simulation.json"
    if manifest.exists() and f'"structures": {count},' in manifest.read_text("utf-8"):
        return 0.0
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "evalsoc", "simulate", "ardes-culture",
                    "--structures", str(count), "--seed", "7", "--messy", "-o",
                    str(target), "-q"], check=True, capture_output=True)
    return time.perf_counter() - start


def campaign(folder: Path) -> list[Step]:
    """The commands of a campaign, in a fresh base and fresh output folders."""
    for name in ("evalsoc.sqlite", "fiches", "synthese", "exports"):
        target = folder / name
        if target.is_dir():
            shutil.rmtree(target)
        target.unlink(missing_ok=True) if not target.is_dir() else None
    return [
        timed("check", ["check", "retours", "-q"], folder),
        timed("ingest", ["ingest", "retours", "--campagne", "2025", "--annee", "2025",
                         "--structures", "retours/structures.csv", "-q"], folder),
        timed("fiches (HTML et PDF)", ["report", "structure", "--campagne", "2025", "-o",
                                       "fiches", "-q"], folder),
        timed("synthèse (HTML, PDF, XLSX)", ["report", "sector", "--campagne", "2025",
                                             "-o", "synthese"], folder),
        timed("export (XLSX)", ["export", "--campagne", "2025", "-o",
                                "exports/campagne.xlsx"], folder),
    ]


def serial_fiches(folder: Path, count: int) -> Step:
    structures = [f"S{n:04d}" for n in range(1, count + 1)]
    args = ["report", "structure", "--campagne", "2025", "-o", "fiches-serie", "-q",
            "--workers", "1"]
    for ident in structures:
        args += ["--structure", ident]
    return timed(f"fiches, 1 processus ({count})", args, folder)


def export_large(folder: Path, count: int) -> Step:
    folder.mkdir(parents=True, exist_ok=True)
    simulate(folder, count)
    if not (folder / "evalsoc.sqlite").exists():
        subprocess.run([sys.executable, "-m", "evalsoc", "ingest", "retours", "--campagne",
                        "2025", "--structures", "retours/structures.csv", "-q"], cwd=folder,
                       check=False, capture_output=True)
    return timed("export (XLSX)", ["export", "--campagne", "2025", "-o", "e.xlsx"], folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--structures", type=int, default=500)
    parser.add_argument("--serial", type=int, default=40,
                        help="fiches faites dans un seul processus, pour la référence")
    parser.add_argument("--dir", type=Path, help="dossier de travail (gardé)")
    parser.add_argument("--export-large", type=int, default=0, metavar="N",
                        help="mesure aussi l'export d'une campagne de N structures")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="evalsoc-bench-campagne-") as tmp:
        folder = options.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        made = simulate(folder, options.structures)
        cores = os.cpu_count() or 1
        print(f"Campagne simulée : {options.structures} structures"
              f"{f' ({made:.1f} s)' if made else ' (reprise du dossier)'} ; "
              f"{cores} cœur(s).")
        steps = campaign(folder)
        print(f"  {'étape':<28} {'durée':>9}   {'mémoire (PSS)':>13}   {'(RSS cumulé)':>12}")
        for step in steps:
            print(f"  {step.name:<28} {step.seconds:7.1f} s   {step.peak_mb:10.0f} Mo   "
                  f"{step.rss_mb:9.0f} Mo")
        total = sum(s.seconds for s in steps)
        peak = max(s.peak_mb for s in steps)
        print(f"  {'total':<28} {total:7.1f} s   {peak:10.0f} Mo   "
              f"{max(s.rss_mb for s in steps):9.0f} Mo")
        baseline = serial_fiches(folder, min(options.serial, options.structures))
        fiches = steps[2]
        per_serial = baseline.seconds / min(options.serial, options.structures)
        per_parallel = fiches.seconds / options.structures
        print(f"Référence : fiches dans un seul processus, {per_serial * 1000:.0f} ms par "
              f"fiche ; sur tous les cœurs, {per_parallel * 1000:.0f} ms par fiche : "
              f"{per_serial / per_parallel:.2f} fois plus vite.")
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"Cibles : moins de {TARGET_SECONDS:.0f} s au total ({total:.1f} s), moins "
              f"de {TARGET_MB:.0f} Mo ({peak:.0f} Mo). Charge de la machine à la fin : "
              f"{load:.1f} pour {cores} cœur(s).")
        if options.export_large:
            large = export_large(folder / "grande", options.export_large)
            print(f"Export : {steps[4].peak_mb:.0f} Mo pour {options.structures} structures, "
                  f"{large.peak_mb:.0f} Mo pour {options.export_large} ({large.seconds:.1f} s).")
        failed = any(s.code not in (0, 1) for s in [*steps, baseline])
        return int(failed or total > TARGET_SECONDS or peak > TARGET_MB)


if __name__ == "__main__":
    sys.exit(main())
