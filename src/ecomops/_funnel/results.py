"""Result tables of event-log funnels (private; re-exported from `ecomops.funnel`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from ecomops._core.proportions import ConfidenceInterval, proportion_interval
from ecomops._core.results import Display, Result, Table, display_kinds
from ecomops._core.typing import (
    RATE_DENOMINATORS,
    TIME_REFERENCES,
    ArrayLike,
    BoolArray,
    FloatArray,
    IntArray,
    IntervalMethod,
    RateDenominator,
    TimeReference,
)
from ecomops._core.validation import as_float_array, check_option, check_range
from ecomops._funnel.spec import FunnelSpec

_QUANTILES = (0.25, 0.5, 0.75, 0.9)

__all__ = [
    "FunnelBreakdown",
    "FunnelComparison",
    "FunnelResult",
    "FunnelSteps",
    "FunnelUnits",
    "TimeToConvert",
    "conversion_rate",
    "format_percent",
    "rate_interval",
]


# ---------------------------------------------------------------------------
# Rates
# ---------------------------------------------------------------------------


def conversion_rate(counts: IntArray, denominator: IntArray) -> FloatArray:
    """``counts / denominator``, NaN where the denominator is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        rate: FloatArray = np.where(denominator > 0, counts / np.maximum(denominator, 1), np.nan)
    return rate


def rate_interval(
    counts: IntArray, denominator: IntArray, method: IntervalMethod, confidence_level: float
) -> ConfidenceInterval:
    """The interval of each ``counts / denominator`` (NaN where the denominator is 0)."""
    return proportion_interval(
        counts.astype(np.float64),
        denominator.astype(np.float64),
        method=method,
        confidence_level=confidence_level,
    )


# ---------------------------------------------------------------------------
# Result tables
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class FunnelUnits(Table):
    """One row per unit in the log (at or before ``as_of``), in ascending unit order.

    Attributes
    ----------
    unit_id : ndarray
        The unit id, as given (int, str...). [-]
    furthest_step : ndarray of int64
        0-based furthest step reached by the counted attempt; -1 if the unit
        never reached step 0. [-]
    is_in_progress : ndarray of bool
        Not converted, and its latest attempt's window was still open at
        ``as_of``: censored, not a drop-off. [-]
    is_excluded : ndarray of bool
        Dropped by a ``drop_unit`` exclusion (not counted in any step). [-]
    entered_at : ndarray of datetime64
        Start of the counted attempt; NaT if the unit never entered. [time]
    seconds_to_furthest : ndarray of float64
        Time from the counted attempt's start to its furthest step; NaN if the
        unit never entered. [s]

    Examples
    --------
    >>> from datetime import datetime, timedelta
    >>> from ecomops.funnel import FunnelSpec, compute_funnel
    >>> t = [datetime(2025, 11, 11, 20, 0), datetime(2025, 11, 11, 20, 5)]
    >>> spec = FunnelSpec(["view", "pay"], window=timedelta(hours=1))
    >>> units = compute_funnel(["u1", "u1"], t, ["view", "pay"], spec).per_unit
    >>> units.unit_id.tolist(), units.furthest_step, units.seconds_to_furthest
    (['u1'], array([1]), array([300.]))
    """

    unit_id: np.ndarray
    furthest_step: IntArray
    is_in_progress: BoolArray
    is_excluded: BoolArray
    entered_at: np.ndarray
    seconds_to_furthest: FloatArray


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class FunnelSteps(Table):
    """One row per step: counts, drop-off and the three conversion rates.

    Attributes
    ----------
    step_name : ndarray of str
        Step name. [-]
    count : ndarray of int64
        Units that reached the step. [units]
    n_in_progress : ndarray of int64
        Units whose furthest step is this one and whose window is still open. [units]
    dropoff : ndarray of int64
        Units lost after this step (reached it, not the next, window closed). [units]
    denominator_previous, denominator_first, denominator_exposed : ndarray of int64
        Settled units the rates divide by (in-progress units are left out). [units]
    conversion_from_previous, conversion_from_first, conversion_from_exposed : ndarray
        ``units / denominator``; row 0 of ``conversion_from_previous`` is the
        entry rate from exposed units. [-]
    *_low, *_high : ndarray
        Confidence bounds of each rate. [-]

    Examples
    --------
    >>> import datetime as dt
    >>> from ecomops.funnel import FunnelSpec, compute_funnel
    >>> spec = FunnelSpec(["view", "pay"], window=dt.timedelta(days=1))
    >>> day = dt.datetime(2025, 11, 11)
    >>> res = compute_funnel([1, 1, 2], [day] * 3, ["view", "pay", "view"], spec)
    >>> res.steps_table().conversion_from_previous
    array([1. , 0.5])
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        share=(
            "conversion_from_previous",
            "conversion_from_previous_low",
            "conversion_from_previous_high",
            "conversion_from_first",
            "conversion_from_first_low",
            "conversion_from_first_high",
            "conversion_from_exposed",
            "conversion_from_exposed_low",
            "conversion_from_exposed_high",
        ),
        count=(
            "count",
            "n_in_progress",
            "dropoff",
            "denominator_previous",
            "denominator_first",
            "denominator_exposed",
        ),
    )

    step_name: np.ndarray
    count: IntArray
    n_in_progress: IntArray
    dropoff: IntArray
    denominator_previous: IntArray
    conversion_from_previous: FloatArray
    conversion_from_previous_low: FloatArray
    conversion_from_previous_high: FloatArray
    denominator_first: IntArray
    conversion_from_first: FloatArray
    conversion_from_first_low: FloatArray
    conversion_from_first_high: FloatArray
    denominator_exposed: IntArray
    conversion_from_exposed: FloatArray
    conversion_from_exposed_low: FloatArray
    conversion_from_exposed_high: FloatArray


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class TimeToConvert(Table):
    """Time to reach each step, over the units that reached it.

    ``*_from_first`` is measured from the counted attempt's first step,
    ``*_from_previous`` from the previous step's event of the counted attempt
    (0 and NaN on row 0). Quantiles are numpy's default (linear interpolation,
    Hyndman and Fan's type 7).

    Attributes
    ----------
    step_name : ndarray of str
        Step name. [-]
    count : ndarray of int64
        Units that reached the step (the sample size). [units]
    mean_seconds_from_first, median_seconds_from_first : ndarray
        Mean and median time since the attempt's first step. [s]
    p25_seconds_from_first, p75_seconds_from_first, p90_seconds_from_first : ndarray
        Quartiles and 90th percentile. [s]
    mean_seconds_from_previous, median_seconds_from_previous : ndarray
        Mean and median time since the previous step. [s]

    Examples
    --------
    >>> import numpy as np
    >>> from datetime import timedelta
    >>> from ecomops.funnel import FunnelSpec, compute_funnel
    >>> t = np.datetime64("2025-11-11T20:00") + np.array([0, 10, 0, 30]) * np.timedelta64(1, "m")
    >>> spec = FunnelSpec(["view", "pay"], window=timedelta(hours=1))
    >>> ttc = compute_funnel([1, 1, 2, 2], t, ["view", "pay"] * 2, spec).time_to_convert
    >>> ttc.count, ttc.mean_seconds_from_first
    (array([2, 2]), array([   0., 1200.]))
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(count=("count",))

    step_name: np.ndarray
    count: IntArray
    mean_seconds_from_first: FloatArray
    median_seconds_from_first: FloatArray
    p25_seconds_from_first: FloatArray
    p75_seconds_from_first: FloatArray
    p90_seconds_from_first: FloatArray
    mean_seconds_from_previous: FloatArray
    median_seconds_from_previous: FloatArray


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class FunnelBreakdown(Table):
    """The funnel per group of a breakdown column, in long format (group × step).

    Groups are ordered by the units entering step 0 (descending, then by
    label); groups beyond ``top`` are merged into ``"(other)"``; units the
    attribution cannot place (step-N attribution, step not reached) form
    ``"(not reached)"``; missing values form ``"(missing)"``.

    Attributes
    ----------
    group : ndarray of str
        Group label (``str`` of the breakdown value). [-]
    step_name : ndarray of str
        Step name. [-]
    count : ndarray of int64
        Units of the group that reached the step. [units]
    n_in_progress : ndarray of int64
        Units of the group in progress at this step. [units]
    n_exposed : ndarray of int64
        Units of the group in the log (repeated on each step). [units]
    conversion_from_first, conversion_from_first_low, conversion_from_first_high : ndarray
        Rate from step 0, settled denominators, with its interval. [-]
    conversion_from_previous, conversion_from_previous_low, conversion_from_previous_high : ndarray
        Rate from the previous step (row of step 0: from exposed units). [-]
    attribution : str
        ``"first_touch"``, ``"last_touch"`` or ``"step N"``.
    top : int
        Number of groups kept before ``"(other)"``.

    Examples
    --------
    >>> from ecomops.funnel import FunnelSpec, compute_funnel
    >>> import datetime as dt
    >>> spec = FunnelSpec(["view", "pay"], window=dt.timedelta(hours=1))
    >>> t = [dt.datetime(2025, 11, 11, 20, m) for m in (0, 5, 30)]
    >>> res = compute_funnel([1, 1, 2], t, ["view", "pay", "view"], spec, breakdown=["a", "a", "b"])
    >>> res.breakdown.groups, res.breakdown.step_counts().tolist()
    (('a', 'b'), [[1, 1], [1, 0]])
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        share=(
            "conversion_from_previous",
            "conversion_from_previous_low",
            "conversion_from_previous_high",
            "conversion_from_first",
            "conversion_from_first_low",
            "conversion_from_first_high",
        ),
        count=(
            "count",
            "n_in_progress",
            "n_exposed",
        ),
    )

    group: np.ndarray
    step_name: np.ndarray
    count: IntArray
    n_in_progress: IntArray
    n_exposed: IntArray
    conversion_from_first: FloatArray
    conversion_from_first_low: FloatArray
    conversion_from_first_high: FloatArray
    conversion_from_previous: FloatArray
    conversion_from_previous_low: FloatArray
    conversion_from_previous_high: FloatArray
    attribution: str
    top: int

    @property
    def groups(self) -> tuple[str, ...]:
        """Group labels, in order."""
        return tuple(dict.fromkeys(self.group.tolist()))

    def step_counts(self) -> IntArray:
        """Units reaching each step as a ``(groups, steps)`` matrix."""
        n_groups = len(self.groups)
        return self.count.reshape(n_groups, -1).copy()


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class FunnelComparison(Table):
    """Step-by-step comparison of two funnels ([`compare_funnels`][ecomops.funnel.compare_funnels]).

    Attributes
    ----------
    step_name : ndarray of str
        The step whose rate is compared. [-]
    count_a, nobs_a, count_b, nobs_b : ndarray of int64
        Units reaching the step and its declared denominator in each funnel. [units]
    rate_a, rate_b : ndarray
        ``count / nobs``. [-]
    difference, difference_low, difference_high : ndarray
        ``rate_b - rate_a`` with Newcombe's hybrid score interval. [-]
    relative_lift, relative_lift_low, relative_lift_high : ndarray
        ``rate_b / rate_a - 1`` with the Katz log interval. [-]
    statistic, pvalue : ndarray
        The z test of each step. [-]
    pvalue_holm : ndarray
        Holm-adjusted p-values over the compared steps (family-wise error). [-]
    denominator, method, alternative : str
        The options used.
    confidence_level : float
        Coverage of the intervals. [-]

    Examples
    --------
    >>> import datetime as dt
    >>> import numpy as np
    >>> from ecomops.funnel import FunnelSpec, compare_funnels, compute_funnel
    >>> spec = FunnelSpec(["view", "pay"], window=dt.timedelta(hours=1))
    >>> t = np.full(4, np.datetime64("2025-11-11T20:00", "s"))
    >>> a = compute_funnel([1, 2, 3, 1], t, ["view", "view", "view", "pay"], spec)
    >>> b = compute_funnel([1, 2, 3, 1], t, ["view", "view", "view", "view"], spec)
    >>> compare_funnels(a, b).count_a, compare_funnels(a, b).difference.round(3)
    (array([1]), array([-0.333]))
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        share=(
            "rate_a",
            "rate_b",
            "difference",
            "difference_low",
            "difference_high",
            "relative_lift",
            "relative_lift_low",
            "relative_lift_high",
        ),
        count=(
            "count_a",
            "nobs_a",
            "count_b",
            "nobs_b",
        ),
    )

    step_name: np.ndarray
    count_a: IntArray
    nobs_a: IntArray
    count_b: IntArray
    nobs_b: IntArray
    rate_a: FloatArray
    rate_b: FloatArray
    difference: FloatArray
    difference_low: FloatArray
    difference_high: FloatArray
    relative_lift: FloatArray
    relative_lift_low: FloatArray
    relative_lift_high: FloatArray
    statistic: FloatArray
    pvalue: FloatArray
    pvalue_holm: FloatArray
    denominator: str
    method: str
    alternative: str
    confidence_level: float


# ---------------------------------------------------------------------------
# FunnelResult
# ---------------------------------------------------------------------------


def format_percent(x: float) -> str:
    """A rate as a percentage with one decimal, ``"-"`` for NaN."""
    return "-" if np.isnan(x) else f"{100 * x:.1f}%"


def _time_table(
    names: np.ndarray, seconds: FloatArray, furthest: IntArray, counted: BoolArray
) -> TimeToConvert:
    """Time-to-convert summary per step, column by column (no copy of the matrix)."""
    k = seconds.shape[1]
    count = np.zeros(k, dtype=np.int64)
    stats = np.full((7, k), np.nan)
    for j in range(k):
        sel = counted & (furthest >= j)
        col = seconds[sel, j]
        count[j] = col.size
        if col.size:
            q = np.quantile(col, _QUANTILES)
            stats[0, j] = col.mean()
            stats[1, j] = q[1]
            stats[2, j], stats[3, j], stats[4, j] = q[0], q[2], q[3]
            if j:
                step = col - seconds[sel, j - 1]
                stats[5, j] = step.mean()
                stats[6, j] = np.median(step)
    return TimeToConvert(
        step_name=names,
        count=count,
        mean_seconds_from_first=stats[0],
        median_seconds_from_first=stats[1],
        p25_seconds_from_first=stats[2],
        p75_seconds_from_first=stats[3],
        p90_seconds_from_first=stats[4],
        mean_seconds_from_previous=stats[5],
        median_seconds_from_previous=stats[6],
    )


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class FunnelResult(Result):
    """A funnel computed from an event log ([`compute_funnel`][ecomops.funnel.compute_funnel]).

    Rates use *settled* denominators: units still inside their window at
    ``as_of`` are counted apart (``n_in_progress``), never as drop-off, and are
    left out of the denominator of the step after the one they reached.

    Attributes
    ----------
    spec : FunnelSpec
        The semantics used (printed in the ``repr``).
    as_of : numpy.datetime64 or None
        The censoring instant; events after it were ignored.
    step_names : tuple of str
        Step names (``"j of k"`` in an unordered funnel).
    step_counts : ndarray of int64, shape (k,)
        Units that reached each step. [units]
    n_in_progress : ndarray of int64, shape (k,)
        Units whose furthest step is this one and whose window is open. [units]
    dropoff : ndarray of int64, shape (k,)
        Units lost after each step (0 at the last step). [units]
    n_exposed : int
        Units in the log at ``as_of``, excluded units left out. [units]
    n_excluded : int
        Units dropped by ``drop_unit`` exclusions. [units]
    denominator_first, denominator_previous, denominator_exposed : ndarray of int64
        Settled denominators of the three rates. [units]
    conversion_from_first, conversion_from_previous, conversion_from_exposed : ndarray
        ``step_counts / denominator``; ``conversion_from_previous[0]`` is the
        entry rate from exposed units. NaN where the denominator is 0. Their
        intervals come from
        [`FunnelResult.confidence_interval`][ecomops.funnel.FunnelResult.confidence_interval]
        and
        [`FunnelResult.steps_table`][ecomops.funnel.FunnelResult.steps_table].
        [-]
    confidence_level : float
        Default coverage of the intervals. [-]
    method : str
        The interval (``"wilson"`` by default).
    per_unit : FunnelUnits
        One row per unit.
    seconds_to_step : ndarray, shape (n_units, k)
        Time from the counted attempt's first step to each step; NaN where
        not reached. In an unordered funnel column ``j`` is the time to the
        ``j + 1``-th distinct step. [s]
    breakdown : FunnelBreakdown or None
        The funnel per group, when a breakdown column was given.
    unit_group : ndarray of str or None
        Each unit's breakdown group, aligned with ``per_unit``.

    Examples
    --------
    >>> import numpy as np
    >>> from datetime import timedelta
    >>> from ecomops.funnel import FunnelSpec, compute_funnel
    >>> spec = FunnelSpec(["view", "pay"], window=timedelta(hours=1))
    >>> t = np.array(["2025-11-11T20:00", "2025-11-11T20:05", "2025-11-11T21:00"], "datetime64[s]")
    >>> res = compute_funnel([1, 1, 2], t, ["view", "pay", "view"], spec, breakdown=["a", "a", "b"])
    >>> res.step_counts, res.conversion_from_first
    (array([2, 1]), array([1. , 0.5]))
    """

    spec: FunnelSpec
    as_of: np.datetime64 | None
    step_names: tuple[str, ...]
    step_counts: IntArray
    n_in_progress: IntArray
    dropoff: IntArray
    n_exposed: int
    n_excluded: int
    denominator_first: IntArray
    denominator_previous: IntArray
    denominator_exposed: IntArray
    conversion_from_first: FloatArray
    conversion_from_previous: FloatArray
    conversion_from_exposed: FloatArray
    confidence_level: float
    method: IntervalMethod
    per_unit: FunnelUnits
    seconds_to_step: FloatArray
    breakdown: FunnelBreakdown | None
    unit_group: np.ndarray | None

    @property
    def time_to_convert(self) -> TimeToConvert:
        """Time to reach each step: mean, median and quantiles (computed on access).

        Over the units (not excluded) that reached the step, from the counted
        attempt's first step and from its previous step.

        Examples
        --------
        >>> from ecomops.funnel import FunnelSpec, compute_funnel
        >>> import numpy as np, datetime as dt
        >>> spec = FunnelSpec(["a", "b"], window=dt.timedelta(hours=1))
        >>> t = np.array(["2025-01-01T00:00", "2025-01-01T00:10"], dtype="datetime64[s]")
        >>> compute_funnel([1, 1], t, ["a", "b"], spec).time_to_convert.median_seconds_from_first
        array([  0., 600.])
        """
        return _time_table(
            np.array(self.step_names),
            self.seconds_to_step,
            self.per_unit.furthest_step,
            ~self.per_unit.is_excluded,
        )

    def confidence_interval(
        self, confidence_level: float | None = None, *, denominator: RateDenominator = "previous"
    ) -> ConfidenceInterval:
        """Interval of each step's conversion rate, by the result's ``method``.

        Parameters
        ----------
        confidence_level : float, optional
            Coverage, in (0, 1); default: the result's ``confidence_level``. [-]
        denominator : {"previous", "first", "exposed"}
            Which rate: ``conversion_from_previous`` (default),
            ``conversion_from_first`` or ``conversion_from_exposed``.

        Returns
        -------
        ConfidenceInterval
            ``low`` and ``high``, arrays of shape (k,); NaN where the
            denominator is 0. [-]

        Examples
        --------
        >>> import datetime as dt
        >>> import numpy as np
        >>> from ecomops.funnel import FunnelSpec, compute_funnel
        >>> t = np.array(["2025-01-01T00:00", "2025-01-01T00:10", "2025-01-01T00:00"], "M8[s]")
        >>> res = compute_funnel(
        ...     [1, 1, 2], t, ["a", "b", "a"], FunnelSpec(["a", "b"], window=dt.timedelta(hours=1))
        ... )
        >>> ci = res.confidence_interval()
        >>> ci.low.round(4), ci.high.round(4)
        (array([0.3424, 0.0945]), array([1.    , 0.9055]))
        """
        check_option(denominator, "denominator", RATE_DENOMINATORS)
        level = self.confidence_level if confidence_level is None else confidence_level
        den: IntArray = getattr(self, f"denominator_{denominator}")
        return rate_interval(self.step_counts, den, self.method, level)

    def steps_table(self) -> FunnelSteps:
        """The per-step numbers as a table (``.to_pandas()``, ``.to_polars()``).

        Examples
        --------
        >>> from datetime import datetime, timedelta
        >>> from ecomops.funnel import FunnelSpec, compute_funnel
        >>> spec = FunnelSpec(["a", "b"], window=timedelta(hours=1))
        >>> t = [datetime(2025, 1, 1, 0, 0), datetime(2025, 1, 1, 0, 10)]
        >>> table = compute_funnel([1, 1], t, ["a", "b"], spec).steps_table()
        >>> table.count.tolist(), table.conversion_from_previous.tolist()
        ([1, 1], [1.0, 1.0])
        """
        previous = self.confidence_interval(denominator="previous")
        first = self.confidence_interval(denominator="first")
        exposed = self.confidence_interval(denominator="exposed")
        return FunnelSteps(
            step_name=np.array(self.step_names),
            count=self.step_counts,
            n_in_progress=self.n_in_progress,
            dropoff=self.dropoff,
            denominator_previous=self.denominator_previous,
            conversion_from_previous=self.conversion_from_previous,
            conversion_from_previous_low=previous.low,
            conversion_from_previous_high=previous.high,
            denominator_first=self.denominator_first,
            conversion_from_first=self.conversion_from_first,
            conversion_from_first_low=first.low,
            conversion_from_first_high=first.high,
            denominator_exposed=self.denominator_exposed,
            conversion_from_exposed=self.conversion_from_exposed,
            conversion_from_exposed_low=exposed.low,
            conversion_from_exposed_high=exposed.high,
        )

    def time_to_convert_quantiles(
        self, q: float | ArrayLike, *, reference: TimeReference = "first"
    ) -> FloatArray:
        """Quantiles of the time to each step, over the units that reached it.

        Parameters
        ----------
        q : float or array_like
            Quantile levels in [0, 1]. [-]
        reference : {"first", "previous"}
            Measure from the attempt's first step (default) or the previous step.

        Returns
        -------
        ndarray, shape (k,) or (len(q), k)
            Seconds; NaN for a step no unit reached. [s]

        Examples
        --------
        >>> from ecomops.funnel import FunnelSpec, compute_funnel
        >>> from datetime import datetime, timedelta
        >>> t0 = datetime(2025, 1, 1)
        >>> res = compute_funnel([1, 1], [t0, t0 + timedelta(minutes=10)], ["a", "b"],
        ...                      FunnelSpec(["a", "b"], window=timedelta(hours=1)))
        >>> res.time_to_convert_quantiles(0.5)
        array([  0., 600.])
        """
        check_option(reference, "reference", TIME_REFERENCES)
        levels = as_float_array(q, "q")
        check_range(levels, "q", ge=0, le=1)
        times = self._times(reference)
        out = np.full((levels.size, times.shape[1]), np.nan)
        for j in range(times.shape[1]):
            col = times[:, j]
            col = col[~np.isnan(col)]
            if col.size:
                out[:, j] = np.quantile(col, levels.reshape(-1))
        return out[0] if levels.ndim == 0 else out.reshape(*levels.shape, times.shape[1])

    def _times(self, reference: str) -> FloatArray:
        counted = self.seconds_to_step[~self.per_unit.is_excluded]
        if reference == "first":
            return counted
        prev = np.full(counted.shape, np.nan)
        prev[:, 1:] = counted[:, 1:] - counted[:, :-1]
        return prev

    def __repr__(self) -> str:
        k = len(self.step_names)
        width = max(8, *(len(s) for s in self.step_names))
        level = f"{100 * self.confidence_level:g}%"
        head = [
            f"FunnelResult: {self.n_exposed:,} {self.spec.unit_name}s exposed, "
            f"{self.n_excluded:,} excluded, as_of={self.as_of}",
            f"  {self.spec.describe()}",
            f"  {'step'.ljust(width)}  {self.spec.unit_name + 's':>9}  {'from prev':>9}  "
            f"{level + ' ' + self.method:>21}  {'from first':>10}  "
            f"{'in progress':>11}  {'drop-off':>9}",
        ]
        interval = self.confidence_interval()
        for j in range(k):
            lo, hi = interval.low[j], interval.high[j]
            ci = "-" if np.isnan(lo) else f"[{format_percent(lo)}, {format_percent(hi)}]"
            previous = format_percent(self.conversion_from_previous[j])
            first = format_percent(self.conversion_from_first[j])
            head.append(
                f"  {self.step_names[j].ljust(width)}  {self.step_counts[j]:>9,}  "
                f"{previous:>9}  {ci:>21}  {first:>10}  {self.n_in_progress[j]:>11,}  "
                f"{self.dropoff[j]:>9,}"
            )
        return "\n".join(head)

    def _repr_html_(self) -> str:
        import html

        return f"<pre>{html.escape(repr(self))}</pre>"

    def _frame_source(self) -> dict[str, Any]:
        """One row per step: the columns of `steps_table`."""
        return self.steps_table().columns()
