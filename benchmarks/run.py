"""Run every benchmark workload and print one table.

Usage::

    python benchmarks/run.py                 # all workloads, full size
    python benchmarks/run.py --quick         # 1/10 of the rows (a smoke run)
    python benchmarks/run.py --only money    # workloads whose name contains "money"
    python benchmarks/run.py --only per-request   # one scalar call, against the bare formula

``bench_per_request.py`` and ``bench_seo.py`` also run on their own and print CPU
time per call (per query), which a shared machine distorts less than wall time.

Workloads live in ``benchmarks/bench_*.py`` modules, each exposing
``workloads(scale: float) -> list[Workload]``. Anchors that are not installed
(``pip install -e ".[bench]"``) are reported and skipped.
"""

from __future__ import annotations

import argparse
import importlib
import pathlib
import platform
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import Measurement, Workload, format_table, measure  # noqa: E402


def collect(scale: float) -> list[Workload]:
    found: list[Workload] = []
    for path in sorted(HERE.glob("bench_*.py")):
        module = importlib.import_module(path.stem)
        try:
            found.extend(module.workloads(scale))
        except ImportError as exc:  # an anchor library is missing
            print(f"skipped {path.stem}: {exc}", file=sys.stderr)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="run at 1/10 of the rows")
    parser.add_argument("--only", default="", help="substring of workload names to run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (median)")
    args = parser.parse_args(argv)
    scale = 0.1 if args.quick else 1.0
    import numpy as np

    print(
        f"python {platform.python_version()}, numpy {np.__version__}, "
        f"{platform.machine()}, scale {scale}"
    )
    results: list[Measurement] = []
    for w in collect(scale):
        if args.only and args.only not in w.name:
            continue
        print(f"running {w.name} ...", file=sys.stderr, flush=True)
        results.append(measure(w, repeat=args.repeat))
        for note in w.notes:
            print(f"  note: {note}", file=sys.stderr)
    print(format_table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
