"""Funnels from event logs: the log, the kernel, breakdowns and comparisons (private)."""

from __future__ import annotations

import difflib
from typing import Any

import numpy as np

from ecomops._core.columns import (
    as_datetime64,
    as_datetime_ticks,
    as_ids,
    coarsen_ticks,
    column,
    is_missing,
    ns_per_tick,
    scalar_ticks,
)
from ecomops._core.proportions import check_level, holm_adjust, two_proportions_ztest
from ecomops._core.typing import (
    ALTERNATIVES,
    INTERVAL_METHODS,
    NAME_CHECKS,
    RATE_DENOMINATORS,
    TOUCHES,
    Z_TEST_METHODS,
    Alternative,
    ArrayLike,
    Attribution,
    BoolArray,
    FloatArray,
    IntArray,
    IntervalMethod,
    NameCheck,
    RateDenominator,
    ZTestMethod,
)
from ecomops._core.validation import check_option, check_same_length, read_only
from ecomops._funnel import kernel as _k
from ecomops._funnel.results import (
    FunnelBreakdown,
    FunnelComparison,
    FunnelResult,
    FunnelUnits,
    conversion_rate,
    rate_interval,
)
from ecomops._funnel.spec import FunnelSpec, compile_spec, event_names
from ecomops.exceptions import InvalidInputError

#: Labels of the groups a breakdown makes up itself.
_NOT_REACHED = "(not reached)"
_OTHER = "(other)"
_MISSING = "(missing)"

#: Columns of a comparison filled from the z test (NaN where a denominator is 0).
_TEST_COLUMNS = (
    "difference",
    "difference_low",
    "difference_high",
    "relative_lift",
    "relative_lift_low",
    "relative_lift_high",
    "statistic",
    "pvalue",
)

# ---------------------------------------------------------------------------
# Steps: counts and settled denominators
# ---------------------------------------------------------------------------


def settled_denominators(
    counts: IntArray, in_progress: IntArray, exposed: int | IntArray
) -> tuple[IntArray, IntArray, IntArray]:
    """Denominators from previous, from first and from exposed (settled units).

    ``counts`` and ``in_progress`` have the steps on their last axis; a unit in
    progress at step ``j`` leaves the denominators of the steps after ``j``.
    """
    exposed_arr = np.asarray(exposed)
    open_before = np.zeros(counts.shape, dtype=np.int64)
    open_before[..., 1:] = np.cumsum(in_progress, axis=-1)[..., :-1]
    den_prev = np.empty(counts.shape, dtype=np.int64)
    den_prev[..., 0] = exposed_arr
    den_prev[..., 1:] = counts[..., :-1] - in_progress[..., :-1]
    den_first = (counts[..., :1] - open_before).astype(np.int64)
    den_exposed = (exposed_arr[..., None] if exposed_arr.ndim else exposed_arr) - open_before
    return den_prev, den_first, np.asarray(den_exposed, dtype=np.int64)


def _step_fields(
    furthest: IntArray, excluded: BoolArray, in_progress: BoolArray, k: int
) -> dict[str, Any]:
    """The per-step fields of a `FunnelResult`, from each unit's furthest step."""
    counted = ~excluded
    f_counted = furthest[counted]
    step_counts = np.array([(f_counted >= j).sum() for j in range(k)], dtype=np.int64)
    ip = np.bincount(furthest[in_progress], minlength=k).astype(np.int64)[:k]
    n_exposed = int(counted.sum())
    dropoff = np.zeros(k, dtype=np.int64)
    dropoff[:-1] = step_counts[:-1] - step_counts[1:] - ip[:-1]
    den_prev, den_first, den_exposed = settled_denominators(step_counts, ip, n_exposed)
    return {
        "step_counts": step_counts,
        "n_in_progress": ip,
        "dropoff": dropoff,
        "n_exposed": n_exposed,
        "n_excluded": int(excluded.sum()),
        "denominator_first": den_first,
        "denominator_previous": den_prev,
        "denominator_exposed": den_exposed,
        "conversion_from_first": conversion_rate(step_counts, den_first),
        "conversion_from_previous": conversion_rate(step_counts, den_prev),
        "conversion_from_exposed": conversion_rate(step_counts, den_exposed),
    }


def _in_progress(
    out: _k.KernelOutput, arrays: _k.SpecArrays, as_of_ticks: int | None, counted: BoolArray
) -> BoolArray:
    """Units not converted whose latest attempt's window is still open at ``as_of``."""
    in_progress = np.zeros(out.furthest.shape[0], dtype=bool)
    if as_of_ticks is None:
        return in_progress
    has_anchor = out.latest_anchor_t != _k.BIG
    in_progress[has_anchor] = as_of_ticks < out.latest_anchor_t[has_anchor] + arrays.window
    in_progress &= (out.furthest >= 0) & (out.furthest < arrays.k - 1) & counted
    return in_progress


# ---------------------------------------------------------------------------
# Units: times and the per-unit table
# ---------------------------------------------------------------------------


def _to_seconds(ticks: IntArray, ns: int) -> FloatArray:
    """Tick differences (ticks of ``ns`` nanoseconds) in seconds, exact for whole seconds."""
    if ns >= 10**9:
        return np.multiply(ticks, float(ns // 10**9), dtype=np.float64)
    return np.divide(ticks, float(10**9 // ns), dtype=np.float64)


def _seconds_to_step(out: _k.KernelOutput, tick_ns: int) -> FloatArray:
    """Seconds from the counted attempt's start to each step (NaN: not reached).

    Reuses the kernel's ``reach_t`` in place, so no second (units, steps) matrix
    of ticks is made.
    """
    unreached = out.reach_t == _k.BIG
    anchor = np.where(out.anchor_t == _k.BIG, 0, out.anchor_t)
    delta = out.reach_t
    delta -= anchor[:, None]
    seconds = _to_seconds(delta, tick_ns)
    seconds[unreached] = np.nan
    return seconds


def _unit_table(
    unit_ids: np.ndarray,
    out: _k.KernelOutput,
    in_progress: BoolArray,
    seconds: FloatArray,
    tick_ns: int,
    dtype: np.dtype[Any],
) -> FunnelUnits:
    """One row per unit: furthest step, flags, start of the counted attempt, time taken."""
    furthest = out.furthest
    idx = np.flatnonzero(furthest >= 0)
    seconds_to_furthest = np.full(furthest.shape[0], np.nan)
    seconds_to_furthest[idx] = seconds[idx, furthest[idx]]
    entered_at = np.full(furthest.shape[0], np.datetime64("NaT"), dtype=dtype)
    per_tick = tick_ns // ns_per_tick(dtype)  # coarse ticks back to the input unit
    entered_at[idx] = (out.anchor_t[idx] * per_tick).view(dtype)
    return FunnelUnits(  # arrays made here alone: frozen in place, not copied
        unit_id=_own(unit_ids),
        furthest_step=_own(furthest),
        is_in_progress=_own(in_progress),
        is_excluded=_own(out.dropped),
        entered_at=read_only(entered_at),
        seconds_to_furthest=read_only(seconds_to_furthest),
    )


def _own(values: np.ndarray) -> np.ndarray:
    """Freeze in place an array the computation made (it owns its data); views are left
    for the result to copy, so no caller's array is ever frozen or aliased."""
    return read_only(values) if values.base is None else values


def _step_names(spec: FunnelSpec) -> tuple[str, ...]:
    """Display names of the steps (``"j of k"`` in an unordered funnel)."""
    k = spec.n_steps
    if spec.step_order == "unordered":
        return tuple(f"{j + 1} of {k}" for j in range(k))
    return spec.step_names


# ---------------------------------------------------------------------------
# Breakdowns
# ---------------------------------------------------------------------------


def _labels(values: np.ndarray) -> np.ndarray:
    """String labels of breakdown values; missing values become "(missing)"."""
    out = np.empty(values.shape[0], dtype=object)
    for i, v in enumerate(values.tolist()):
        out[i] = _MISSING if is_missing(v) else str(v)
    return out.astype(str)


def _attributed_rows(out: _k.KernelOutput, attribution: Attribution) -> tuple[IntArray, str]:
    """The row that gives each unit its group (-1: none), and the attribution's name."""
    assert out.chain_rows is not None
    assert out.last_row is not None
    assert out.first_row is not None
    assert out.final_row is not None
    entered = out.furthest >= 0
    rows = np.full(out.furthest.shape[0], -1, dtype=np.int64)
    if attribution in TOUCHES:
        last = attribution == "last_touch"
        rows[entered] = (out.last_row if last else out.chain_rows[:, 0])[entered]
        rows[~entered] = (out.final_row if last else out.first_row)[~entered]
        return rows, str(attribution)
    step = int(attribution)
    reached = out.furthest >= step
    rows[reached] = out.chain_rows[reached, step]
    return rows, f"step {step}"


def _unit_labels(values: np.ndarray, rows: IntArray, prep: _k.Prepared) -> np.ndarray:
    """Each unit's group label: its attributed row's value, or "(not reached)"."""
    has = rows >= 0
    labels = np.full(rows.shape[0], _NOT_REACHED, dtype=object)
    picked = rows[has] if prep.rows is None else prep.rows[rows[has]]
    labels[has] = _labels(values[picked])
    return labels.astype(str)


def _top_groups(
    unit_labels: np.ndarray, entries: BoolArray, top: int
) -> tuple[np.ndarray, IntArray]:
    """Group labels in table order and each unit's group.

    Groups are ranked by the units entering step 0 (then by label); groups after
    the first ``top`` merge into "(other)"; "(not reached)" comes last.
    """
    uniq, code = np.unique(unit_labels, return_inverse=True)
    code = code.reshape(-1)
    n_entering = np.bincount(code[entries], minlength=uniq.shape[0])
    special = uniq == _NOT_REACHED
    ranking = np.lexsort((uniq, -n_entering, special))
    regular = [int(i) for i in ranking if not special[i]]
    groups: list[tuple[str, list[int]]] = [(str(uniq[i]), [i]) for i in regular[:top]]
    if regular[top:]:
        groups.append((_OTHER, regular[top:]))
    groups += [(str(uniq[i]), [int(i)]) for i in ranking if special[i]]
    remap = np.zeros(uniq.shape[0], dtype=np.int64)
    for new, (_, members) in enumerate(groups):
        remap[members] = new
    return np.array([label for label, _ in groups]), remap[code]


def _group_counts(
    group: IntArray,
    n_groups: int,
    k: int,
    out: _k.KernelOutput,
    counted: BoolArray,
    in_progress: BoolArray,
) -> tuple[IntArray, IntArray, IntArray]:
    """Units reaching each step, in progress at each step, and exposed, per group."""
    furthest = np.where(counted, out.furthest, -1)
    reached = np.zeros((n_groups, k + 1), dtype=np.int64)
    np.add.at(reached, (group, furthest + 1), 1)
    counts = np.cumsum(reached[:, ::-1], axis=1)[:, ::-1][:, 1:]
    ip = np.zeros((n_groups, k), dtype=np.int64)
    sel = in_progress & counted
    np.add.at(ip, (group[sel], out.furthest[sel]), 1)
    exposed = np.bincount(group[counted], minlength=n_groups).astype(np.int64)
    return counts, ip, exposed


def _breakdown(
    *,
    prep: _k.Prepared,
    out: _k.KernelOutput,
    values: np.ndarray,
    attribution: Attribution,
    top: int,
    counted: BoolArray,
    in_progress: BoolArray,
    names: np.ndarray,
    method: IntervalMethod,
    level: float,
) -> tuple[FunnelBreakdown, np.ndarray]:
    """The funnel per breakdown group (long table) and each unit's group label."""
    k = names.shape[0]
    rows, attribution_name = _attributed_rows(out, attribution)
    unit_labels = _unit_labels(values, rows, prep)
    labels, group = _top_groups(unit_labels, (out.furthest >= 0) & counted, top)
    n_groups = labels.shape[0]
    counts, ip, exposed = _group_counts(group, n_groups, k, out, counted, in_progress)
    den_prev, den_first, _ = settled_denominators(counts, ip, exposed)
    first = rate_interval(counts, den_first, method, level)
    previous = rate_interval(counts, den_prev, method, level)
    table = FunnelBreakdown(
        group=np.repeat(labels, k),
        step_name=np.tile(names, n_groups),
        count=counts.reshape(-1),
        n_in_progress=ip.reshape(-1),
        n_exposed=np.repeat(exposed, k),
        conversion_from_first=conversion_rate(counts, den_first).reshape(-1),
        conversion_from_first_low=first.low.reshape(-1),
        conversion_from_first_high=first.high.reshape(-1),
        conversion_from_previous=conversion_rate(counts, den_prev).reshape(-1),
        conversion_from_previous_low=previous.low.reshape(-1),
        conversion_from_previous_high=previous.high.reshape(-1),
        attribution=attribution_name,
        top=top,
    )
    return table, labels[group]


# ---------------------------------------------------------------------------
# compute_funnel
# ---------------------------------------------------------------------------


#: Known event names shown when a spec name is absent from the log.
_SHOWN_NAMES = 20


#: Distinct names found by masking before falling back to a Python set.
_MASK_ROUNDS = 256


def _log_names(events: Any, ecode: np.ndarray, names: list[str]) -> list[str]:
    """The distinct event names of a log, without sorting the whole column.

    Names of the spec are read off the codes; the other rows are reduced by
    hashing (pandas, polars, object arrays) or, for fixed-width string arrays,
    by removing one name at a time (a few passes for a usual vocabulary).
    """
    present = _present(ecode, len(names))
    found: set[Any] = {n for n, p in zip(names, present, strict=True) if p}
    module = type(events).__module__
    if module.startswith("polars"):
        found.update(events.drop_nulls().unique().to_list())
    elif module.startswith("pandas"):
        found.update(events.dropna().unique().tolist())
    else:
        rest = column(events, "events")[ecode < 0]
        if rest.dtype.kind in "US" and rest.dtype.itemsize:
            keys = _row_hashes(rest)
            for _ in range(_MASK_ROUNDS):
                if rest.shape[0] == 0:
                    break
                found.add(rest[0])
                other = keys != keys[0]
                rest, keys = rest[other], keys[other]
        found.update(rest.tolist())
    decoded = {v.decode() if isinstance(v, bytes) else v for v in found}
    return sorted(str(v) for v in decoded if isinstance(v, str) and v)


def _row_hashes(values: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each fixed-width string (wrapping multiply-add over its words)."""
    values = np.ascontiguousarray(values)
    n, size = values.shape[0], values.dtype.itemsize
    if size % 8:
        raw = np.zeros((n, -(-size // 8) * 8), dtype=np.uint8)
        raw[:, :size] = values.view(np.uint8).reshape(n, size)
        words = raw.view(np.uint64)
    else:
        words = values.view(np.uint64).reshape(n, size // 8)
    out = words[:, 0].copy()
    for i in range(1, words.shape[1]):  # a few words per name
        out *= np.uint64(0x9E3779B97F4A7C15)
        out += words[:, i]
    return out


def _squash(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _look_alikes(name: str, known: list[str]) -> list[str]:
    """Log names that look like ``name``: equal or nested once case and separators
    are dropped (``"pay"`` and ``"payment"``, ``"add_to_cart"`` and ``"AddToCart"``),
    or a difflib similarity of at least 0.8 (``"purchse"`` and ``"purchase"``)."""
    a = _squash(name)
    out = []
    for other in known:
        b = _squash(other)
        nested = min(len(a), len(b)) >= 3 and (a in b or b in a)
        if a == b or nested or difflib.SequenceMatcher(None, a, b).ratio() >= 0.8:
            out.append(other)
    return out


def _present(ecode: np.ndarray, n_names: int) -> BoolArray:
    """Whether each name code occurs (one comparison per name: no int64 copy of the codes)."""
    return np.array([bool((ecode == i).any()) for i in range(n_names)], dtype=bool)


def _check_present(
    ecode: np.ndarray, names: list[str], events: Any, spec: FunnelSpec, check: NameCheck
) -> None:
    """Refuse a spec event name that never occurs in a non-empty log (see ``check_names``)."""
    if check == "off" or ecode.shape[0] == 0:
        return
    present = _present(ecode, len(names))
    if present.all():
        return
    known = _log_names(events, ecode, names)
    unused = [n for n in known if n not in set(names)]
    for name in (n for n, p in zip(names, present, strict=True) if not p):
        similar = _look_alikes(name, unused)
        if check == "similar" and not similar:
            continue
        role = "step" if any(name in step for step in spec.steps) else "exclusion"
        shown = ", ".join(repr(n) for n in known[:_SHOWN_NAMES])
        more = f" and {len(known) - _SHOWN_NAMES} more" if len(known) > _SHOWN_NAMES else ""
        hint = f"; did you mean {' or '.join(repr(n) for n in similar)}?" if similar else "."
        raise InvalidInputError(
            f"events: the {role} event {name!r} of the spec never occurs in the log{hint} "
            f"The log's event names are {shown}{more}. Pass check_names='off' if "
            f"{name!r} is meant and may be absent"
        )


def _prepare(
    unit_ids: Any,
    timestamps: Any,
    events: Any,
    spec: FunnelSpec,
    as_of: Any,
    breakdown: Any,
    check_names: NameCheck,
) -> tuple[
    _k.Prepared, np.ndarray, np.dtype[Any], int | None, np.datetime64 | None, np.ndarray | None
]:
    ids = as_ids(unit_ids, "unit_ids")
    ticks, dtype, zone = as_datetime_ticks(timestamps, "timestamps")
    names = event_names(spec)
    ecode = _k.event_codes(events, names, "events")
    _check_present(ecode, names, events, spec, check_names)
    lengths: dict[str, Any] = {"unit_ids": ids, "timestamps": ticks, "events": ecode}
    bvals: np.ndarray | None = None
    if breakdown is not None:
        bvals = column(breakdown, "breakdown")
        lengths["breakdown"] = bvals
    check_same_length(**lengths)
    ticks, tick_ns = coarsen_ticks(ticks, dtype)
    as_of_ticks = None if as_of is None else scalar_ticks(as_of, tick_ns, "as_of", zone)
    as_of_time = None if as_of is None else as_datetime64(as_of, "as_of", zone)
    rows = None  # kept rows are the caller's rows, in order
    if as_of_ticks is not None:
        late = ticks > as_of_ticks
        if late.any():
            rows = np.flatnonzero(~late)
            ids, ticks, ecode = ids[rows], ticks[rows], ecode[rows]
    uniq, ucode = _k.unit_codes(ids)
    prep = _k.Prepared(
        n_units=int(uniq.shape[0]),
        ucode=ucode,
        t=np.ascontiguousarray(ticks, dtype=np.int64),
        ecode=ecode,
        rows=rows,
        tick_ns=tick_ns,
    )
    return prep, uniq, dtype, as_of_ticks, as_of_time, bvals


def compute_funnel(
    unit_ids: ArrayLike,
    timestamps: ArrayLike,
    events: ArrayLike,
    spec: FunnelSpec,
    *,
    as_of: Any = None,
    breakdown: ArrayLike | None = None,
    attribution: Attribution = "first_touch",
    breakdown_top: int = 10,
    confidence_level: float = 0.95,
    method: IntervalMethod = "wilson",
    check_names: NameCheck = "similar",
) -> FunnelResult:
    r"""Compute a conversion funnel from an event log, vectorised.

    A unit reaches step $j$ when some attempt has events
    $e_0 \prec e_1 \prec \dots \prec e_j$ ($e_i$ matches step
    $i$, $\prec$ the order by timestamp, then step rank, then row)
    with

    $$
    t(e_j) - t(e_0) \le W, \qquad t(e_i) - t(e_{i-1}) \le w_i,
    $$

    no event of the unit between $e_{i-1}$ and $e_i$ in strict
    order, and no ``stop_at_step`` exclusion event between its from-step and
    to-step events. With ``attempt="first"`` $e_0$ must be the unit's
    first step-0 event. Counts, rates and times follow in the result.

    Parameters
    ----------
    unit_ids : array_like, shape (n,)
        Counting unit of each event (user, session or any key): int or str
        ids, numpy arrays, pandas or polars columns. Missing ids raise.
    timestamps : array_like, shape (n,)
        Event times: datetime64 of any resolution (weeks to nanoseconds),
        pandas or polars datetime columns (time-zone aware ones are read as
        wall-clock time in their zone), `datetime.datetime` values or
        ISO 8601 strings. Missing times raise. The
        log need not be sorted; the caller's arrays are never reordered. [time]
    events : array_like of str, shape (n,)
        Event names; names outside the spec are "other events" (they matter
        only in strict funnels and for the exposed count). Missing names are
        other events.
    spec : FunnelSpec
        The semantics.
    as_of : datetime, numpy.datetime64 or pandas Timestamp, optional
        The instant the funnel is read at: events after it are ignored, and
        units whose latest attempt's window is still open at it (and who have
        not converted) are *in progress*: counted apart, not as drop-off.
        Default None: every window is treated as closed.
    breakdown : array_like, shape (n,), optional
        A property of each event (channel, device, campaign...) to split the
        funnel by; missing values form the group ``"(missing)"``.
    attribution : {"first_touch", "last_touch"} or int
        Which event of the counted attempt gives the unit its group: the
        first step's event (default), the furthest step's event, or step N's
        event (0-based int; units that did not reach it form ``"(not
        reached)"``). Units that never entered use their first (last) event.
    breakdown_top : int
        Groups kept, by units entering step 0; the rest become ``"(other)"``.
        Default 10.
    confidence_level : float
        Coverage of the rate intervals, in (0, 1); default 0.95. [-]
    method : {"wilson", "agresti_coull", "jeffreys", "clopper_pearson", "normal"}
        Interval of every rate; default ``"wilson"`` (Brown, Cai and DasGupta 2001).
    check_names : {"similar", "all", "off"}
        What an event name of the spec (a step's or an exclusion's) that
        never occurs in a non-empty log does. ``"similar"`` (default): raise
        when the log holds an unused look-alike name (``"pay"`` absent,
        ``"payment"`` present: a misspelt name would silently give zeros),
        naming it and the log's event names; a name absent without a
        look-alike is a genuine zero (nobody paid yet). ``"all"``: raise for
        every absent name. ``"off"``: never. Checked before ``as_of`` cuts
        the log.

    Returns
    -------
    FunnelResult
        Step counts, in-progress and drop-off counts, the three rates (their
        intervals from
        [`FunnelResult.confidence_interval`][ecomops.funnel.FunnelResult.confidence_interval]),
        per-unit results, times to convert and the breakdown.

    Raises
    ------
    InvalidInputError
        For columns of different lengths, missing ids or timestamps,
        non-datetime timestamps, non-string events, a spec event name absent
        from the log (see ``check_names``), or bad options.

    Notes
    -----
    The counted attempt of a unit is the one that first reaches the unit's
    furthest step; its earlier events are, step by step backwards, the latest
    event that can precede the next one (so its start is the latest possible:
    Mixpanel's "most recent entry"). Its times give ``time_to_convert`` and
    its events the breakdown attribution. With ``drop_unit`` exclusions and
    ``exclusion_rule="clean_attempt"`` (default) it is chosen among the
    attempts that meet no excluded event, and the unit is dropped when none
    reaches its furthest step; with ``"counted_attempt"`` it is chosen first
    and judged alone. An ordered funnel with ``attempt="first"``, no per-step
    windows, no ``stop_at_step`` exclusions and no exclusion judged on every
    attempt runs a sort-free kernel (per-unit lexicographic
    minima, O(n k)); every other funnel sorts once by (unit, time, step rank)
    and makes one vectorised pass per step. Integer unit ids within a span of
    a few times ``n`` are used without factorising; other ids are factorised
    with `numpy.unique`.

    References
    ----------
    1. ClickHouse documentation, "windowFunnel" (the latest-start dynamic
       programme of the sliding-window funnel).
    2. Mixpanel documentation, "Funnels: advanced" (conversion window,
       first entry and re-entry, exclusion steps, any-order funnels).
    3. Wilson, E. B. (1927), "Probable inference, the law of succession, and
       statistical inference", *JASA* 22(158), 209-212,
       doi:10.1080/01621459.1927.10502953.
    4. Hyndman, R. J. and Fan, Y. (1996), "Sample quantiles in statistical
       packages", *The American Statistician* 50(4), 361-365,
       doi:10.1080/00031305.1996.10473566.

    Examples
    --------
    User 1 views, carts and pays within the hour; user 2 views, then carts two
    hours later (outside the window); user 3 only views.

    >>> from datetime import datetime, timedelta
    >>> spec = FunnelSpec(["view", "cart", "pay"], window=timedelta(hours=1))
    >>> t0 = datetime(2025, 11, 11, 20, 0)
    >>> m = timedelta(minutes=1)
    >>> res = compute_funnel(
    ...     [1, 1, 1, 2, 2, 3],
    ...     [t0, t0 + 5 * m, t0 + 9 * m, t0, t0 + 120 * m, t0],
    ...     ["view", "cart", "pay", "view", "cart", "view"],
    ...     spec,
    ... )
    >>> res.step_counts, res.conversion_from_previous.round(3)
    (array([3, 1, 1]), array([1.   , 0.333, 1.   ]))
    >>> res.per_unit.furthest_step
    array([2, 0, 0])
    >>> res.time_to_convert.median_seconds_from_first
    array([  0., 300., 540.])
    """
    if not isinstance(spec, FunnelSpec):
        raise InvalidInputError(f"spec must be a FunnelSpec; got {type(spec).__name__}")
    return _compute(
        unit_ids,
        timestamps,
        events,
        spec,
        as_of=as_of,
        breakdown=breakdown,
        attribution=attribution,
        breakdown_top=breakdown_top,
        confidence_level=confidence_level,
        method=method,
        kernel="auto",
        check_names=check_names,
    )


def _check_options(
    k: int, attribution: Any, breakdown_top: Any, method: Any, confidence_level: Any
) -> float:
    """Validate the options of `compute_funnel`; return the confidence level."""
    check_option(method, "method", INTERVAL_METHODS)
    level = check_level(confidence_level, "confidence_level")
    if isinstance(attribution, bool) or not (
        attribution in TOUCHES
        or (isinstance(attribution, int | np.integer) and 0 <= attribution < k)
    ):
        raise InvalidInputError(
            "attribution must be 'first_touch', 'last_touch' or a step index in "
            f"[0, {k - 1}]; got {attribution!r}"
        )
    if isinstance(breakdown_top, bool) or not isinstance(breakdown_top, int) or breakdown_top < 1:
        raise InvalidInputError(f"breakdown_top must be an int >= 1; got {breakdown_top!r}")
    return level


def _compute(
    unit_ids: Any,
    timestamps: Any,
    events: Any,
    spec: FunnelSpec,
    *,
    as_of: Any,
    breakdown: Any,
    attribution: Attribution,
    breakdown_top: int,
    confidence_level: float,
    method: IntervalMethod,
    kernel: str,
    check_names: NameCheck = "similar",
) -> FunnelResult:
    """`compute_funnel` with the kernel named (``"auto"``, or one to cross-check)."""
    level = _check_options(spec.n_steps, attribution, breakdown_top, method, confidence_level)
    check_option(check_names, "check_names", NAME_CHECKS)
    prep, uniq, dtype, as_of_ticks, as_of_time, bvals = _prepare(
        unit_ids, timestamps, events, spec, as_of, breakdown, check_names
    )
    arrays = compile_spec(spec, prep.tick_ns)
    out = _k.run_kernel(prep, arrays, kernel, need_rows=bvals is not None)
    counted = ~out.dropped
    in_progress = _in_progress(out, arrays, as_of_ticks, counted)
    step_names = _step_names(spec)
    breakdown_table, unit_group = None, None
    if bvals is not None:
        breakdown_table, unit_group = _breakdown(
            prep=prep,
            out=out,
            values=bvals,
            attribution=attribution,
            top=breakdown_top,
            counted=counted,
            in_progress=in_progress,
            names=np.array(step_names),
            method=method,
            level=level,
        )
    seconds = _seconds_to_step(out, prep.tick_ns)
    return FunnelResult(
        spec=spec,
        as_of=as_of_time,
        step_names=step_names,
        **_step_fields(out.furthest, out.dropped, in_progress, spec.n_steps),
        confidence_level=level,
        method=method,
        per_unit=_unit_table(uniq, out, in_progress, seconds, prep.tick_ns, dtype),
        seconds_to_step=read_only(seconds),
        breakdown=breakdown_table,
        unit_group=unit_group,
    )


# ---------------------------------------------------------------------------
# Comparing two funnels
# ---------------------------------------------------------------------------


def compare_funnels(
    result_a: FunnelResult,
    result_b: FunnelResult,
    *,
    denominator: RateDenominator = "previous",
    method: ZTestMethod = "pooled",
    alternative: Alternative = "two-sided",
    confidence_level: float = 0.95,
) -> FunnelComparison:
    r"""Test each step of funnel ``b`` against funnel ``a`` on a declared denominator.

    For every compared step $j$ the rates $x_j/n_j$ of the two funnels go
    through [`two_proportions_ztest`][ecomops.funnel.two_proportions_ztest] (b
    minus a), and the p-values are adjusted over the steps with Holm's method:

    $$
    \tilde p_{(i)} = \min\left(1, \max_{l \le i} (m - l + 1)\, p_{(l)}\right)
    $$

    Parameters
    ----------
    result_a, result_b : FunnelResult
        Two funnels computed with the same
        [`FunnelSpec`][ecomops.funnel.FunnelSpec] (e.g. two weeks, two
        variants). ``a`` is the baseline.
    denominator : {"previous", "first", "exposed"}
        What each step's rate divides by: the previous step (default; steps 1
        to k-1), the first step (steps 1 to k-1) or all exposed units (steps 0
        to k-1). Settled denominators (in-progress units left out).
    method : {"pooled", "score"}
        Variance of the z test; default ``"pooled"``.
    alternative : {"two-sided", "less", "greater"}
        Per-step alternative; ``"greater"``: b converts better.
    confidence_level : float
        Coverage of the intervals, in (0, 1); default 0.95. [-]

    Returns
    -------
    FunnelComparison
        One row per compared step; rows whose denominator is 0 in either
        funnel are NaN (and left out of the Holm family).

    Raises
    ------
    InvalidInputError
        When the two results were computed with different specs, or for bad
        options.

    Notes
    -----
    Step-to-step rates are conditional on reaching the previous step: a change
    that brings more (and less motivated) units to step ``j`` can lower the
    rate from ``j`` on while raising overall conversion. Read
    ``denominator="first"`` or ``"exposed"`` for the overall effect. The units
    of two periods overlap when a user is active in both; the test assumes
    independent samples.

    References
    ----------
    1. Agresti, A. (2013), *Categorical Data Analysis*, 3rd ed., Wiley,
       section 3.1.3.
    2. Holm, S. (1979), "A simple sequentially rejective multiple test
       procedure", *Scandinavian Journal of Statistics* 6(2), 65-70.
    3. Newcombe, R. G. (1998), *Statistics in Medicine* 17(8), 873-890.

    Examples
    --------
    >>> from datetime import datetime, timedelta
    >>> spec = FunnelSpec(["view", "pay"], window=timedelta(days=1))
    >>> t = datetime(2025, 11, 1)
    >>> a = compute_funnel([1, 2, 3, 4, 1], [t] * 5, ["view"] * 4 + ["pay"], spec)
    >>> b = compute_funnel([1, 2, 3, 4, 1, 2], [t] * 6, ["view"] * 4 + ["pay"] * 2, spec)
    >>> cmp = compare_funnels(a, b)
    >>> cmp.rate_a, cmp.rate_b, cmp.difference
    (array([0.25]), array([0.5]), array([0.25]))
    """
    _check_comparable(result_a, result_b)
    check_option(denominator, "denominator", RATE_DENOMINATORS)
    check_option(method, "method", Z_TEST_METHODS)
    check_option(alternative, "alternative", ALTERNATIVES)
    start = 0 if denominator == "exposed" else 1
    xa, xb = result_a.step_counts[start:], result_b.step_counts[start:]
    na = getattr(result_a, f"denominator_{denominator}")[start:]
    nb = getattr(result_b, f"denominator_{denominator}")[start:]
    columns = {key: np.full(xa.shape[0], np.nan) for key in ("rate_a", "rate_b", *_TEST_COLUMNS)}
    ok = (na > 0) & (nb > 0)
    if ok.any():
        test = two_proportions_ztest(
            xa[ok],
            na[ok],
            xb[ok],
            nb[ok],
            alternative=alternative,
            method=method,
            confidence_level=confidence_level,
        )
        columns["rate_a"][ok] = test.proportion_a
        columns["rate_b"][ok] = test.proportion_b
        for key in _TEST_COLUMNS:
            columns[key][ok] = getattr(test, key)
    else:
        confidence_level = check_level(confidence_level, "confidence_level")
    return FunnelComparison(
        step_name=np.array(result_a.step_names[start:]),
        count_a=xa.copy(),
        nobs_a=na.copy(),
        count_b=xb.copy(),
        nobs_b=nb.copy(),
        pvalue_holm=holm_adjust(columns["pvalue"]),
        denominator=denominator,
        method=method,
        alternative=alternative,
        confidence_level=float(confidence_level),
        **columns,
    )


def _check_comparable(result_a: Any, result_b: Any) -> None:
    """Both are funnel results computed with one spec."""
    for name, res in (("result_a", result_a), ("result_b", result_b)):
        if not isinstance(res, FunnelResult):
            raise InvalidInputError(f"{name} must be a FunnelResult; got {type(res).__name__}")
    if result_a.spec != result_b.spec:
        raise InvalidInputError(
            "result_a and result_b must be computed with the same FunnelSpec; got\n  "
            f"{result_a.spec.describe()}\n  {result_b.spec.describe()}"
        )
