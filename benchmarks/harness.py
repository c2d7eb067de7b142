"""Side-by-side benchmark harness: ecomops against a named anchor, in one process.

A workload names its rows, a ``setup`` that builds inputs once, the ecomops call,
and an anchor call (a library or the plain-Python/Decimal recipe a user would
otherwise write). Anchors too slow for the full size run on a sample and are
scaled linearly: ``anchor_rows`` says how many rows the anchor really ran, and
the table says "scaled". Times are medians of ``repeat`` runs (the machine is
shared and noisy); peak memory is measured in a separate run with tracemalloc
(numpy reports its buffers to it).
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Workload:
    """One benchmark row."""

    name: str
    rows: int
    setup: Callable[[], Any]
    run: Callable[[Any], Any]
    anchor_name: str
    anchor: Callable[[Any], Any] | None = None
    #: rows the anchor actually processes (a sample); its time is scaled to ``rows``
    anchor_rows: int | None = None
    #: optional check that both agree, given (ctx, ecomops result, anchor result)
    check: Callable[[Any, Any, Any], str] | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Measurement:
    name: str
    rows: int
    seconds: float
    anchor_name: str
    anchor_seconds: float | None
    scaled: bool
    peak_mb: float
    anchor_peak_mb: float | None
    agreement: str

    @property
    def ratio(self) -> float | None:
        if self.anchor_seconds is None:
            return None
        return self.anchor_seconds / self.seconds


def _time(fn: Callable[[Any], Any], ctx: Any, repeat: int) -> tuple[float, Any]:
    times = []
    out = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        out = fn(ctx)
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def _peak(fn: Callable[[Any], Any], ctx: Any) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        fn(ctx)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def measure(w: Workload, *, repeat: int = 3) -> Measurement:
    ctx = w.setup()
    seconds, out = _time(w.run, ctx, repeat)
    peak = _peak(w.run, ctx)
    anchor_seconds = anchor_peak = None
    agreement = ""
    scaled = False
    if w.anchor is not None:
        raw, anchor_out = _time(w.anchor, ctx, max(1, repeat if w.anchor_rows is None else 1))
        scaled = w.anchor_rows is not None and w.anchor_rows != w.rows
        anchor_seconds = raw * (w.rows / w.anchor_rows) if scaled and w.anchor_rows else raw
        anchor_peak = _peak(w.anchor, ctx)
        if w.check is not None:
            agreement = w.check(ctx, out, anchor_out)
    return Measurement(
        w.name, w.rows, seconds, w.anchor_name, anchor_seconds, scaled, peak, anchor_peak,
        agreement,
    )  # fmt: skip


def format_table(results: list[Measurement]) -> str:
    header = (
        "| workload | rows | ecomops [s] | anchor | anchor [s] | ratio | "
        "peak MB (ecomops / anchor) | agreement |"
    )
    lines = [header, "|" + "---|" * 8]
    for r in results:
        anchor_s = "-" if r.anchor_seconds is None else f"{r.anchor_seconds:.4g}"
        if r.scaled:
            anchor_s += " (scaled)"
        ratio = "-" if r.ratio is None else f"{r.ratio:,.1f}x"
        peak = f"{r.peak_mb:.1f}" + (
            "" if r.anchor_peak_mb is None else f" / {r.anchor_peak_mb:.1f}"
        )
        lines.append(
            f"| {r.name} | {r.rows:,} | {r.seconds:.4g} | {r.anchor_name} | {anchor_s} | "
            f"{ratio} | {peak} | {r.agreement} |"
        )
    return "\n".join(lines)
