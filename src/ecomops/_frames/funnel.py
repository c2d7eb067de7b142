r"""Funnels from an events frame: steps, breakdowns and comparisons (private).

Each function reads the caller's events frame (one row per event: unit,
timestamp, event name), runs [`compute_funnel`][ecomops.funnel.compute_funnel]
once per funnel, and returns its table as a frame of the caller's kind.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ecomops._core.columns import as_ids
from ecomops._core.typing import (
    Alternative,
    IntervalMethod,
    NameCheck,
    RateDenominator,
    Touch,
    ZTestMethod,
)
from ecomops._frames.common import FrameInput, FrameT, check_name, read_frame
from ecomops._funnel.compute import compare_funnels as _compare_funnels
from ecomops._funnel.compute import compute_funnel as _compute_funnel
from ecomops._funnel.results import FunnelResult
from ecomops._funnel.spec import FunnelSpec
from ecomops.exceptions import InvalidInputError

__all__ = ["compare_funnels", "compute_funnel", "funnel_breakdown", "funnel_units"]

_SHOWN_VARIANTS = 10


def _events(
    frame: FrameInput, spec: FunnelSpec, unit_id: str, timestamp: str, event: str, **options: Any
) -> FunnelResult:
    """The array API's funnel over the frame's three columns."""
    return _compute_funnel(
        frame.column(unit_id), frame.column(timestamp), frame.column(event), spec, **options
    )


def _read_events(
    data: Any, unit_id: str, timestamp: str, event: str, **more: str | None
) -> FrameInput:
    frame = read_frame(data)
    names = {
        "unit_id": check_name(unit_id, "unit_id"),
        "timestamp": check_name(timestamp, "timestamp"),
        "event": check_name(event, "event"),
    }
    names.update({k: check_name(v, k) for k, v in more.items()})
    frame.check(**names)
    return frame


def compute_funnel(
    data: FrameT,
    spec: FunnelSpec,
    *,
    unit_id: str = "user_id",
    timestamp: str = "event_ts",
    event: str = "event",
    as_of: Any = None,
    confidence_level: float = 0.95,
    method: IntervalMethod = "wilson",
    check_names: NameCheck = "similar",
) -> FrameT:
    """A conversion funnel from an events frame, in one call: one row per step.

    The frame version of [`compute_funnel`][ecomops.funnel.compute_funnel]:
    every semantic choice is in the [`FunnelSpec`][ecomops.funnel.FunnelSpec].

    Parameters
    ----------
    data : pandas or polars DataFrame
        The event log, one row per event.
    spec : FunnelSpec
        Steps, window, order, attempt rule, exclusions.
    unit_id, timestamp, event : str
        Names of the columns holding the counting unit (user or session), the
        time and the event name of each row. Defaults ``"user_id"``,
        ``"event_ts"``, ``"event"``. [column names]
    as_of : datetime-like, optional
        End of observation: attempts whose window is still open are in progress.
    confidence_level, method, check_names
        As in [`compute_funnel`][ecomops.funnel.compute_funnel].

    Returns
    -------
    pandas or polars DataFrame
        The steps table ([`FunnelSteps`][ecomops.funnel.FunnelSteps]):
        ``step_name``, ``count``, ``n_in_progress``, ``dropoff``, the
        denominators and the conversion rates from the previous step, the first
        step and the exposed units, each with its ``_low`` / ``_high`` interval.

    Raises
    ------
    InvalidInputError
        For a missing column (listing the frame's columns) and whatever the
        array API refuses (missing ids or timestamps, unknown event names...).

    References
    ----------
    1. ClickHouse documentation, "windowFunnel" (parametric aggregate
       functions).
    2. Brown, L. D., Cai, T. T. and DasGupta, A. (2001), "Interval estimation
       for a binomial proportion", *Statistical Science* 16(2), 101-133,
       doi:10.1214/ss/1009213286.

    Examples
    --------
    >>> from datetime import datetime, timedelta
    >>> import polars as pl
    >>> from ecomops import frames
    >>> from ecomops.funnel import FunnelSpec
    >>> t0 = datetime(2025, 11, 11, 20, 0)
    >>> events = pl.DataFrame({
    ...     "user_id": [1, 1, 1, 2, 2, 3],
    ...     "event_ts": [t0, t0 + timedelta(minutes=5), t0 + timedelta(minutes=9),
    ...                  t0, t0 + timedelta(hours=2), t0],
    ...     "event": ["visit", "cart", "pay", "visit", "cart", "visit"],
    ... })
    >>> spec = FunnelSpec(["visit", "cart", "pay"], window=timedelta(hours=1))
    >>> frames.compute_funnel(events, spec)["step_name", "count", "conversion_from_first"].rows()
    [('visit', 3, 1.0), ('cart', 1, 0.3333333333333333), ('pay', 1, 0.3333333333333333)]
    """
    frame = _read_events(data, unit_id, timestamp, event)
    result = _events(
        frame, spec, unit_id, timestamp, event, as_of=as_of,
        confidence_level=confidence_level, method=method, check_names=check_names,
    )  # fmt: skip
    answer: FrameT = frame.build(result.steps_table().columns().items())
    return answer


def funnel_breakdown(
    data: FrameT,
    spec: FunnelSpec,
    *,
    breakdown: str,
    unit_id: str = "user_id",
    timestamp: str = "event_ts",
    event: str = "event",
    as_of: Any = None,
    attribution: Touch | int = "first_touch",
    breakdown_top: int = 10,
    confidence_level: float = 0.95,
    method: IntervalMethod = "wilson",
    check_names: NameCheck = "similar",
) -> FrameT:
    """A funnel per group (channel, device, ...) from an events frame, in one call.

    [`compute_funnel`][ecomops.funnel.compute_funnel] with ``breakdown=``, as a
    long table: one row per group and step.

    Parameters
    ----------
    data : pandas or polars DataFrame
        The event log, one row per event.
    spec : FunnelSpec
        Steps, window, order, attempt rule, exclusions.
    breakdown : str
        Name of the column whose value gives each unit its group (read at the
        event ``attribution`` picks). [column name]
    unit_id, timestamp, event : str
        Column names, as in [`compute_funnel`][ecomops.frames.compute_funnel].
        [column names]
    as_of, attribution, breakdown_top, confidence_level, method, check_names
        As in [`compute_funnel`][ecomops.funnel.compute_funnel].

    Returns
    -------
    pandas or polars DataFrame
        The breakdown table ([`FunnelBreakdown`][ecomops.funnel.FunnelBreakdown])
        with its group column named as the caller's ``breakdown`` column:
        the group, ``step_name``, ``count``, ``n_in_progress``, ``n_exposed``
        and the conversion rates with their intervals.

    Raises
    ------
    InvalidInputError
        For a missing column (listing the frame's columns) and whatever the
        array API refuses.

    References
    ----------
    1. Mixpanel documentation, "Funnels: advanced" (breakdowns and
       attribution of a property to a converting user).

    Examples
    --------
    >>> from datetime import datetime, timedelta
    >>> import pandas as pd
    >>> from ecomops import frames
    >>> from ecomops.funnel import FunnelSpec
    >>> t0 = datetime(2025, 11, 11, 20, 0)
    >>> events = pd.DataFrame({
    ...     "user_id": [1, 1, 2, 2, 3],
    ...     "event_ts": [t0, t0 + timedelta(minutes=5), t0, t0 + timedelta(minutes=1), t0],
    ...     "event": ["visit", "pay", "visit", "pay", "visit"],
    ...     "channel": ["app", "app", "web", "web", "web"],
    ... })
    >>> spec = FunnelSpec(["visit", "pay"], window=timedelta(hours=1))
    >>> table = frames.funnel_breakdown(events, spec, breakdown="channel")
    >>> table[["channel", "step_name", "count"]]
      channel step_name  count
    0     web     visit      2
    1     web       pay      1
    2     app     visit      1
    3     app       pay      1
    """
    frame = _read_events(data, unit_id, timestamp, event, breakdown=breakdown)
    result = _events(
        frame, spec, unit_id, timestamp, event, as_of=as_of,
        breakdown=frame.column(breakdown), attribution=attribution,
        breakdown_top=breakdown_top, confidence_level=confidence_level, method=method,
        check_names=check_names,
    )  # fmt: skip
    table = result.breakdown
    assert table is not None  # a breakdown was asked for
    columns = [(breakdown if k == "group" else k, v) for k, v in table.columns().items()]
    answer: FrameT = frame.build(columns)
    return answer


def funnel_units(
    data: FrameT,
    spec: FunnelSpec,
    *,
    unit_id: str = "user_id",
    timestamp: str = "event_ts",
    event: str = "event",
    as_of: Any = None,
    check_names: NameCheck = "similar",
) -> FrameT:
    """How far each unit of an events frame got in a funnel: one row per unit.

    The per-unit table of [`compute_funnel`][ecomops.funnel.compute_funnel]
    ([`FunnelUnits`][ecomops.funnel.FunnelUnits]), keyed by the caller's unit
    column, with the furthest step's name next to its index: join it back onto
    a user table to see who stopped where.

    Parameters
    ----------
    data : pandas or polars DataFrame
        The event log, one row per event.
    spec : FunnelSpec
        Steps, window, order, attempt rule, exclusions.
    unit_id, timestamp, event : str
        Column names, as in [`compute_funnel`][ecomops.frames.compute_funnel].
        [column names]
    as_of, check_names
        As in [`compute_funnel`][ecomops.funnel.compute_funnel].

    Returns
    -------
    pandas or polars DataFrame
        One row per unit in the log, in ascending unit order, with a default
        index: the caller's unit column (same name and dtype),
        ``furthest_step`` (0-based; -1 if the unit never reached step 0),
        ``furthest_step_name`` (empty when -1), ``is_in_progress``,
        ``is_excluded``, ``entered_at`` and ``seconds_to_furthest``.

    Raises
    ------
    InvalidInputError
        For a missing column (listing the frame's columns) and whatever the
        array API refuses.

    References
    ----------
    1. Mixpanel documentation, "Funnels: advanced" (the users who converted or
       dropped off at a step).

    Examples
    --------
    >>> from datetime import datetime, timedelta
    >>> import polars as pl
    >>> from ecomops import frames
    >>> from ecomops.funnel import FunnelSpec
    >>> t0 = datetime(2025, 11, 11, 20, 0)
    >>> events = pl.DataFrame({
    ...     "visitor": ["u1", "u1", "u2", "u3"],
    ...     "event_ts": [t0, t0 + timedelta(minutes=5), t0, t0],
    ...     "event": ["view", "pay", "view", "cart"],
    ... })
    >>> spec = FunnelSpec(["view", "pay"], window=timedelta(hours=1))
    >>> frames.funnel_units(events, spec, unit_id="visitor")[
    ...     "visitor", "furthest_step", "furthest_step_name"].rows()
    [('u1', 1, 'pay'), ('u2', 0, 'view'), ('u3', -1, '')]
    """
    frame = _read_events(data, unit_id, timestamp, event)
    result = _events(frame, spec, unit_id, timestamp, event, as_of=as_of, check_names=check_names)
    units = result.per_unit
    names = np.array([*result.step_names, ""])  # index -1 reads the empty name
    columns = [(unit_id if k == "unit_id" else k, v) for k, v in units.columns().items()]
    columns.insert(2, ("furthest_step_name", names[units.furthest_step]))
    answer: FrameT = frame.build(columns, key=unit_id)
    return answer


def compare_funnels(
    data: FrameT,
    spec: FunnelSpec,
    *,
    variant: str = "variant",
    variants: tuple[Any, Any] | None = None,
    unit_id: str = "user_id",
    timestamp: str = "event_ts",
    event: str = "event",
    as_of: Any = None,
    denominator: RateDenominator = "previous",
    method: ZTestMethod = "pooled",
    alternative: Alternative = "two-sided",
    confidence_level: float = 0.95,
    check_names: NameCheck = "similar",
) -> FrameT:
    """Two funnels of one events frame compared step by step (an A/B test, before/after).

    The rows of each value of the ``variant`` column make one funnel
    ([`compute_funnel`][ecomops.funnel.compute_funnel]); the two are compared by
    [`compare_funnels`][ecomops.funnel.compare_funnels]. For a before/after
    comparison, put the period in a column first.

    Parameters
    ----------
    data : pandas or polars DataFrame
        The event log of both arms, one row per event.
    spec : FunnelSpec
        The funnel both arms run.
    variant : str
        Name of the column holding each event's arm (``"A"`` / ``"B"``,
        ``"before"`` / ``"after"``). Default ``"variant"``. [column name]
    variants : tuple, optional
        The two values of the ``variant`` column to compare, arm a then arm b.
        Default: the column's two distinct values, sorted (the column must hold
        exactly two).
    unit_id, timestamp, event : str
        Column names, as in [`compute_funnel`][ecomops.frames.compute_funnel].
        [column names]
    as_of, check_names
        As in [`compute_funnel`][ecomops.funnel.compute_funnel].
    denominator, method, alternative, confidence_level
        As in [`compare_funnels`][ecomops.funnel.compare_funnels] (``method`` is
        the z-test's, ``"pooled"`` or ``"score"``).

    Returns
    -------
    pandas or polars DataFrame
        The comparison table ([`FunnelComparison`][ecomops.funnel.FunnelComparison]):
        ``step_name``, counts and rates of both arms, ``difference`` and
        ``relative_lift`` with intervals, ``statistic``, ``pvalue`` and
        ``pvalue_holm``.

    Raises
    ------
    InvalidInputError
        For a missing column (listing the frame's columns), a ``variant`` column
        without exactly two values (when ``variants`` is not given), a value of
        ``variants`` with no rows, and whatever the array API refuses.

    References
    ----------
    1. Holm, S. (1979), "A simple sequentially rejective multiple test
       procedure", *Scandinavian Journal of Statistics* 6(2), 65-70.
    2. Newcombe, R. G. (1998), "Interval estimation for the difference between
       independent proportions: comparison of eleven methods", *Statistics in
       Medicine* 17(8), 873-890.

    Examples
    --------
    >>> from datetime import datetime, timedelta
    >>> import pandas as pd
    >>> from ecomops import frames
    >>> from ecomops.funnel import FunnelSpec
    >>> t0 = datetime(2025, 11, 11, 20, 0)
    >>> events = pd.DataFrame({
    ...     "user_id": [1, 1, 2, 3, 3, 4, 4],
    ...     "event_ts": [t0, t0 + timedelta(minutes=3), t0, t0, t0 + timedelta(minutes=2),
    ...                  t0, t0 + timedelta(minutes=8)],
    ...     "event": ["visit", "pay", "visit", "visit", "pay", "visit", "pay"],
    ...     "variant": ["A", "A", "A", "B", "B", "B", "B"],
    ... })
    >>> spec = FunnelSpec(["visit", "pay"], window=timedelta(hours=1))
    >>> frames.compare_funnels(events, spec)[["step_name", "rate_a", "rate_b"]]
      step_name  rate_a  rate_b
    0       pay     0.5     1.0
    """
    frame = _read_events(data, unit_id, timestamp, event, variant=variant)
    labels = as_ids(frame.column(variant), "variant")
    first, second = _two_variants(labels, variants)
    options = {"as_of": as_of, "check_names": check_names}
    results = [
        _events(frame.subset(labels == value), spec, unit_id, timestamp, event, **options)
        for value in (first, second)
    ]
    table = _compare_funnels(
        *results, denominator=denominator, method=method, alternative=alternative,
        confidence_level=confidence_level,
    )  # fmt: skip
    answer: FrameT = frame.build(table.columns().items())
    return answer


def _two_variants(labels: np.ndarray, variants: tuple[Any, Any] | None) -> tuple[Any, Any]:
    """The two arms: the caller's, each present, or the column's two values."""
    present = np.unique(labels)
    if variants is None:
        if present.size != 2:
            shown = ", ".join(repr(v) for v in present[:_SHOWN_VARIANTS].tolist())
            raise InvalidInputError(
                "variant must hold exactly two values to compare (or pass variants=(a, b)); "
                f"got {present.size}: {shown}"
            )
        return present[0].item(), present[1].item()
    if not isinstance(variants, tuple | list) or len(variants) != 2:
        raise InvalidInputError(f"variants must be a pair (a, b); got {variants!r}")
    for value in variants:
        if not np.any(labels == value):
            raise InvalidInputError(f"variants names {value!r}, which no row of variant holds")
    return variants[0], variants[1]
