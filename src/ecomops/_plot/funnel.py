"""Funnel plots: the steps of one funnel, and two funnels compared (private)."""

from __future__ import annotations

import dataclasses

import numpy as np

from ecomops._core.proportions import proportion_interval
from ecomops._funnel.counts import CountFunnel
from ecomops._funnel.results import FunnelComparison, FunnelResult
from ecomops._plot.common import (
    MAX_CATEGORIES,
    Axes,
    axes_or_new,
    category_ticks,
    expect_kind,
    percent_axis,
)
from ecomops.exceptions import InvalidInputError

__all__ = ["funnel_chart", "funnel_comparison_chart"]


def _check_steps(n: int) -> None:
    if n > MAX_CATEGORIES:
        raise InvalidInputError(f"a funnel plot draws at most {MAX_CATEGORIES} steps; got {n}")


def _error_bars(rate: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Distances below and above each rate (0 where the interval is undefined)."""
    below = np.where(np.isnan(low), 0.0, rate - low)
    above = np.where(np.isnan(high), 0.0, high - rate)
    return np.vstack([np.maximum(below, 0.0), np.maximum(above, 0.0)])


@dataclasses.dataclass(frozen=True, slots=True)
class _Steps:
    """What a funnel chart draws, from either kind of funnel."""

    names: np.ndarray
    counts: np.ndarray
    rate: np.ndarray
    low: np.ndarray
    high: np.ndarray
    from_previous: np.ndarray
    unit: str
    confidence_level: float

    @classmethod
    def of(cls, result: FunnelResult | CountFunnel) -> _Steps:
        if isinstance(result, FunnelResult):
            table = result.steps_table()
            return cls(
                np.array(result.step_names),
                np.asarray(result.step_counts),
                np.asarray(table.conversion_from_first, dtype=np.float64),
                np.asarray(table.conversion_from_first_low, dtype=np.float64),
                np.asarray(table.conversion_from_first_high, dtype=np.float64),
                np.asarray(result.conversion_from_previous, dtype=np.float64),
                result.spec.unit_name,
                result.confidence_level,
            )
        counts = np.asarray(result.counts)
        first = max(int(counts[0]), 1)
        ci = proportion_interval(counts, first)  # Wilson, 95%
        previous = np.concatenate([[np.nan], np.asarray(result.step_conversion, dtype=float)])
        return cls(
            np.array(result.step_names),
            counts,
            counts / first,
            np.asarray(ci.low, dtype=np.float64),
            np.asarray(ci.high, dtype=np.float64),
            previous,
            "unit",
            0.95,
        )


def funnel_chart(result: FunnelResult | CountFunnel, *, ax: Axes | None = None) -> Axes:
    r"""Bars of the share of units reaching each step, with confidence intervals.

    One bar per step: the conversion from the first step
    ($n_j / n_1$, the share of units that entered the funnel and reached step
    $j$), with its confidence interval as an error bar (the result's
    ``method`` and ``confidence_level``; the 95% Wilson interval for counts).
    Each bar is labelled with its count and, from the second step on, the
    conversion from the previous step.

    Parameters
    ----------
    result : FunnelResult or CountFunnel
        A funnel from [`compute_funnel`][ecomops.funnel.compute_funnel], or
        step counts from [`funnel_from_counts`][ecomops.funnel.funnel_from_counts].
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into; its bars are ``ax.patches`` in step order.

    Raises
    ------
    TypeError
        If ``result`` is not a `FunnelResult` or `CountFunnel`, or ``ax`` not an Axes.
    InvalidInputError
        If the funnel has more than 200 steps.

    References
    ----------
    1. Wilson, E. B. (1927). Probable inference, the law of succession, and
       statistical inference. Journal of the American Statistical Association,
       22(158), 209-212 (the default interval of the bars).

    Examples
    --------
    >>> import datetime as dt
    >>> import matplotlib.pyplot as plt
    >>> from ecomops import plot
    >>> from ecomops.funnel import FunnelSpec, compute_funnel
    >>> t = np.array(["2025-01-01T00:00", "2025-01-01T00:05", "2025-01-01T00:00"], "M8[s]")
    >>> res = compute_funnel([1, 1, 2], t, ["view", "pay", "view"],
    ...                      FunnelSpec(["view", "pay"], window=dt.timedelta(hours=1)))
    >>> ax = plot.funnel_chart(res)
    >>> [round(float(p.get_height()), 2) for p in ax.patches]
    [1.0, 0.5]
    >>> plt.close(ax.figure)
    >>> from ecomops.funnel import funnel_from_counts
    >>> ax = plot.funnel_chart(funnel_from_counts(["visit", "cart", "paid"], [1000, 100, 40]))
    >>> [round(float(p.get_height()), 2) for p in ax.patches]
    [1.0, 0.1, 0.04]
    >>> plt.close(ax.figure)
    """
    expect_kind(result, (FunnelResult, CountFunnel), "result")
    steps = _Steps.of(result)
    n = steps.names.size
    _check_steps(n)
    ax = axes_or_new(ax)
    x = np.arange(n)
    errors = _error_bars(steps.rate, steps.low, steps.high)
    ax.bar(x, np.nan_to_num(steps.rate), color="C0", yerr=errors, capsize=4, ecolor="0.3")
    for j in range(n):
        label = f"{int(steps.counts[j]):,}"
        if j and not np.isnan(steps.from_previous[j]):
            label += f"\n{steps.from_previous[j]:.1%} of previous"
        ax.annotate(
            label,
            (x[j], np.nan_to_num(steps.rate[j])),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )
    category_ticks(ax, steps.names.tolist())
    percent_axis(ax.yaxis)
    ax.set_ylim(0.0, 1.15)
    ax.set_ylabel(f"{steps.unit}s reaching the step [% of step 1]")
    ax.set_title(
        f"Funnel: {int(steps.counts[0]):,} {steps.unit}s, {steps.confidence_level:.0%} intervals"
    )
    return ax


def funnel_comparison_chart(
    comparison: FunnelComparison, *, labels: tuple[str, str] = ("A", "B"), ax: Axes | None = None
) -> Axes:
    r"""Two funnels side by side: each step's rate in A and B, and their difference.

    For each step, a pair of bars gives the conversion rate of funnel A and of
    funnel B (over the comparison's ``denominator``), each with its Wilson
    interval at the comparison's confidence level; above the pair, the
    difference $p_B - p_A$ in percentage points with its confidence interval
    and the Holm-adjusted p-value, as [`compare_funnels`][ecomops.funnel.compare_funnels]
    computed them.

    Parameters
    ----------
    comparison : FunnelComparison
        From [`compare_funnels`][ecomops.funnel.compare_funnels].
    labels : (str, str)
        Legend names of funnels A and B.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into: two bars per compared step, A's first.

    Raises
    ------
    TypeError
        If ``comparison`` is not a `FunnelComparison` or ``ax`` not an Axes.

    References
    ----------
    1. See [`compare_funnels`][ecomops.funnel.compare_funnels] for the test,
       the interval of the difference and the adjustment drawn.
    2. Holm, S. (1979). A simple sequentially rejective multiple test procedure.
       Scandinavian Journal of Statistics, 6(2), 65-70.

    Examples
    --------
    >>> import datetime as dt
    >>> import matplotlib.pyplot as plt
    >>> from ecomops import plot
    >>> from ecomops.funnel import FunnelSpec, compare_funnels, compute_funnel
    >>> spec = FunnelSpec(["view", "pay"], window=dt.timedelta(hours=1))
    >>> t = np.array(["2025-01-01T00:00", "2025-01-01T00:05", "2025-01-01T00:00"], "M8[s]")
    >>> a = compute_funnel([1, 1, 2], t, ["view", "pay", "view"], spec)
    >>> b = compute_funnel([1, 1, 2], t, ["view", "pay", "pay"], spec)
    >>> ax = plot.funnel_comparison_chart(compare_funnels(a, b), labels=("before", "after"))
    >>> len(ax.patches), [t.get_text() for t in ax.get_legend().get_texts()]
    (2, ['before', 'after'])
    >>> plt.close(ax.figure)
    """
    expect_kind(comparison, FunnelComparison, "comparison")
    n = len(comparison)
    _check_steps(n)
    ax = axes_or_new(ax)
    x = np.arange(n)
    width = 0.38
    level = comparison.confidence_level
    for k, (count, nobs, rate) in enumerate(
        [
            (comparison.count_a, comparison.nobs_a, comparison.rate_a),
            (comparison.count_b, comparison.nobs_b, comparison.rate_b),
        ]
    ):
        ci = proportion_interval(count, np.maximum(nobs, 1), confidence_level=level)
        errors = _error_bars(np.asarray(rate), np.asarray(ci.low), np.asarray(ci.high))
        ax.bar(
            x + (k - 0.5) * width,
            np.nan_to_num(rate),
            width,
            yerr=errors,
            capsize=3,
            color=f"C{k}",
            ecolor="0.3",
            label=str(labels[k]),
        )
    top = np.nanmax(np.concatenate([comparison.rate_a, comparison.rate_b, [0.0]]))
    for j in range(n):
        d, lo, hi = (
            comparison.difference[j],
            comparison.difference_low[j],
            comparison.difference_high[j],
        )
        if np.isnan(d):
            continue
        p = comparison.pvalue_holm[j]
        text = f"{100 * d:+.1f} pt\n[{100 * lo:+.1f}, {100 * hi:+.1f}]\np={p:.2g}"
        ax.annotate(
            text,
            (x[j], top),
            xytext=(0, 6),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7,
        )
    category_ticks(ax, [str(s) for s in comparison.step_name])
    percent_axis(ax.yaxis)
    ax.set_ylim(0.0, max(top * 1.45, 0.05))
    ax.set_ylabel(f"conversion from {comparison.denominator} step [%]")
    ax.set_title(f"{labels[1]} vs {labels[0]}: difference, {level:.0%} CI, Holm p")
    ax.legend(loc="upper right")
    return ax
