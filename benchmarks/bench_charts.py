"""Benchmark: time to draw each chart of the reports, SVG string included.

    python benchmarks/bench_charts.py [--repeat 30]

Draws every chart of :mod:`evalsoc.charts.examples` once to warm the caches (fonts,
glyphs), then ``--repeat`` times, and prints the median and 90th percentile in
milliseconds with the SVG size. The target is a median under 60 ms per chart on the
project's 2-core machine; the exit code is 1 when a chart misses it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from evalsoc.charts.examples import all_charts

TARGET_MS = 60.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    worst = 0.0
    print(f"{'chart':<15}{'median ms':>10}{'p90 ms':>9}{'SVG kB':>9}")
    for name, draw in all_charts().items():
        chart = draw()
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            draw()
            times.append((time.perf_counter() - start) * 1000)
        median = statistics.median(times)
        p90 = statistics.quantiles(times, n=10)[-1]
        worst = max(worst, median)
        print(f"{name:<15}{median:>10.1f}{p90:>9.1f}{len(chart.svg) / 1000:>9.1f}")
    print(f"slowest median {worst:.1f} ms (target < {TARGET_MS:.0f} ms)")
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
