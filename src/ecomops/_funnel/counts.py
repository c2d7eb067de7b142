"""Aggregate funnels from step counts (private; re-exported from `ecomops.funnel`)."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import numpy as np

from ecomops._core.results import Display, Result, display_kinds
from ecomops._core.typing import ArrayLike, FloatArray, IntArray
from ecomops._core.validation import as_float_array, as_int_array, check_range, raise_at, series_io
from ecomops._funnel.results import format_percent
from ecomops.exceptions import InvalidInputError

__all__ = ["CountFunnel", "funnel_from_counts", "step_conversion"]


# ---------------------------------------------------------------------------
# Funnels from counts
# ---------------------------------------------------------------------------


def _check_counts(counts: Any, name: str = "counts") -> IntArray:
    c = as_int_array(counts, name)
    if c.ndim not in (1, 2):
        raise InvalidInputError(f"{name} must be 1- or 2-dimensional; got shape {c.shape}")
    if c.shape[-1] < 2:
        raise InvalidInputError(f"{name} must hold at least two steps; got {c.shape[-1]}")
    raise_at(name, "be >= 0", c < 0, c)
    rising = np.zeros(c.shape, dtype=bool)
    rising[..., 1:] = c[..., 1:] > c[..., :-1]
    raise_at(name, "not increase down the funnel", rising, c)
    return c


@series_io
def step_conversion(counts: ArrayLike) -> FloatArray:
    r"""Step-to-step conversion rates of an aggregate funnel.

    $$
    r_j = \frac{c_{j+1}}{c_j}, \qquad j = 0, \dots, k - 2
    $$

    Parameters
    ----------
    counts : array_like of int, shape (k,) or (m, k)
        Units at each step (rows: funnels, e.g. days), non-increasing along the
        last axis. [units]

    Returns
    -------
    ndarray, shape (k - 1,) or (m, k - 1)
        Rates in [0, 1]; NaN after a step with 0 units. [-]

    Raises
    ------
    InvalidInputError
        For fewer than two steps, negative or fractional counts, or counts
        that increase down the funnel.

    References
    ----------
    1. Jansen, B. J. (2009), *Understanding User-Web Interactions via Web
       Analytics*, Morgan & Claypool, doi:10.2200/S00191ED1V01Y200904ICR006
       (conversion and funnel metrics).

    Examples
    --------
    >>> step_conversion([10_000, 6_000, 1_200, 300])
    array([0.6 , 0.2 , 0.25])
    """
    c = _check_counts(counts)
    with np.errstate(divide="ignore", invalid="ignore"):
        out: FloatArray = np.where(c[..., :-1] > 0, c[..., 1:] / np.maximum(c[..., :-1], 1), np.nan)
    return out


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class CountFunnel(Result):
    """An aggregate funnel read off a dashboard
    ([`funnel_from_counts`][ecomops.funnel.funnel_from_counts]).

    Transitions are indexed ``0 .. k-2``: transition ``j`` goes from step
    ``j`` to step ``j + 1`` (``transitions[j]`` names it).

    Attributes
    ----------
    step_names : tuple of str
        Step names. [-]
    counts : ndarray of int64, shape (k,) or (m, k)
        Units at each step. [units]
    transitions : tuple of str
        ``"a → b"`` for each transition. [-]
    step_conversion : ndarray, shape (..., k-1)
        Step-to-step rates. [-]
    overall_conversion : float or ndarray
        Last step over first step. [-]
    n_lost : ndarray of int64, shape (..., k-1)
        Units lost at each transition. [units]
    loss_rate : ndarray, shape (..., k-1)
        ``1 - step_conversion``. [-]
    benchmark : ndarray or None, shape (k-1,)
        Benchmark step rates, if given. [-]
    benchmark_gap : ndarray or None
        ``step_conversion - benchmark`` (negative: below the benchmark). [-]
    opportunity : ndarray or None
        Extra final conversions if that one transition converted at the
        benchmark rate, the others unchanged. [units]
    bottleneck_absolute : int or ndarray of int64
        Transition losing the most units (with a benchmark: with the largest
        ``opportunity``). [-]
    bottleneck_relative : int or ndarray of int64
        Transition with the largest loss rate (with a benchmark: the lowest
        ratio of its rate to the benchmark's). [-]
    average_order_value : float, ndarray or None
        Given average order value (客单价). [currency]
    gmv : float, ndarray or None
        ``visitors × overall_conversion × average_order_value``. [currency]

    Examples
    --------
    >>> f = funnel_from_counts(["visit", "cart", "paid"], [1000, 100, 40])
    >>> f.transitions, f.bottleneck_absolute
    (('visit → cart', 'cart → paid'), 0)
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        money=("average_order_value", "gmv"),
        share=("step_conversion", "overall_conversion", "loss_rate", "benchmark", "benchmark_gap"),
        count=("counts", "n_lost", "opportunity"),
    )

    step_names: tuple[str, ...]
    counts: IntArray
    transitions: tuple[str, ...]
    step_conversion: FloatArray
    overall_conversion: float | FloatArray
    n_lost: IntArray
    loss_rate: FloatArray
    benchmark: FloatArray | None
    benchmark_gap: FloatArray | None
    opportunity: FloatArray | None
    bottleneck_absolute: int | IntArray
    bottleneck_relative: int | IntArray
    average_order_value: float | FloatArray | None
    gmv: float | FloatArray | None

    def __repr__(self) -> str:
        if self.counts.ndim != 1:
            return (
                f"CountFunnel: {self.counts.shape[0]} funnels of {len(self.step_names)} steps "
                f"({', '.join(self.step_names)})"
            )
        width = max(4, *(len(s) for s in self.step_names))
        lines = [f"CountFunnel: {len(self.step_names)} steps"]
        for j, name in enumerate(self.step_names):
            rate = "" if j == 0 else format_percent(float(self.step_conversion[j - 1]))
            lines.append(f"  {name.ljust(width)}  {int(self.counts[j]):>12,}  {rate:>7}")
        lines.append(
            f"  overall {format_percent(float(self.overall_conversion))}; bottleneck "
            f"{self.transitions[int(self.bottleneck_absolute)]} (absolute), "
            f"{self.transitions[int(self.bottleneck_relative)]} (relative)"
        )
        if self.gmv is not None:
            lines.append(f"  GMV {float(self.gmv):,.2f}")
        return "\n".join(lines)


def funnel_from_counts(
    step_names: Sequence[str],
    counts: ArrayLike,
    *,
    benchmark: ArrayLike | None = None,
    average_order_value: float | ArrayLike | None = None,
) -> CountFunnel:
    r"""The aggregate funnel an operator reads off a dashboard, with its bottleneck.

    With step counts $c_0 \ge c_1 \ge \dots \ge c_{k-1}$ (visitors,
    product views, add to cart, checkout, paid):

    $$
    r_j = \frac{c_{j+1}}{c_j}, \qquad
    \text{loss}_j = c_j - c_{j+1}, \qquad
    \text{conversion} = \frac{c_{k-1}}{c_0} = \prod_j r_j
    $$

    and the Taobao identity
    $\text{GMV} = \text{visitors} \times \text{conversion} \times \text{AOV}$
    (销售额 = 访客数 × 转化率 × 客单价). Against benchmark rates $b_j$,
    the opportunity of transition $j$ is the final conversions gained if
    it alone converted at the benchmark rate,
    $c_{k-1}\,(b_j / r_j - 1)$.

    Parameters
    ----------
    step_names : sequence of str
        Unique step names, at least two.
    counts : array_like of int, shape (k,) or (m, k)
        Units at each step, non-increasing down the funnel; rows of a 2-D
        input are separate funnels (days, shops). [units]
    benchmark : array_like, shape (k-1,), optional
        Benchmark step-to-step rates (an industry funnel, last year's), in
        [0, 1]; use [`step_conversion`][ecomops.funnel.step_conversion] on a benchmark's counts. [-]
    average_order_value : float or array_like, optional
        Average order value (客单价: GMV per paying buyer), scalar or one per
        funnel row. [currency]

    Returns
    -------
    CountFunnel
        Rates, losses, the bottleneck transitions and, when given, the
        benchmark gaps and GMV.

    Raises
    ------
    InvalidInputError
        For fewer than two steps, names that are not unique or do not match the
        counts, negative or fractional counts, counts that increase down the
        funnel, or benchmark rates outside [0, 1].

    Notes
    -----
    Without a benchmark, the absolute bottleneck is the transition losing the
    most units and the relative one the transition with the highest loss
    rate. With a benchmark, they are the transition with the largest
    opportunity and the one converting at the lowest fraction of its
    benchmark rate. Ties go to the earlier transition.

    References
    ----------
    1. Chaffey, D. and Ellis-Chadwick, F. (2019), *Digital Marketing:
       Strategy, Implementation and Practice*, 7th ed., Pearson (conversion
       funnels; sales = visitors × conversion rate × average order value).
    2. Jansen, B. J. (2009), *Understanding User-Web Interactions via Web
       Analytics*, Morgan & Claypool, doi:10.2200/S00191ED1V01Y200904ICR006.

    Examples
    --------
    >>> f = funnel_from_counts(
    ...     ["visitors", "product_view", "add_to_cart", "checkout", "paid"],
    ...     [10_000, 6_000, 1_200, 600, 300],
    ...     average_order_value=150.0,
    ... )
    >>> f.step_conversion
    array([0.6, 0.2, 0.5, 0.5])
    >>> f.transitions[f.bottleneck_absolute], f.transitions[f.bottleneck_relative]
    ('product_view → add_to_cart', 'product_view → add_to_cart')
    >>> round(f.gmv, 2)
    45000.0
    >>> g = funnel_from_counts(["v", "p", "c", "o", "paid"], [10_000, 6_000, 1_200, 600, 300],
    ...                        benchmark=[0.6, 0.18, 0.7, 0.5])
    >>> g.opportunity.round(1), g.transitions[g.bottleneck_absolute]
    (array([  0., -30., 120.,   0.]), 'c → o')
    """
    names = tuple(step_names)
    if not all(isinstance(s, str) and s for s in names):
        raise InvalidInputError("step_names must be non-empty strings")
    if len(set(names)) != len(names):
        raise InvalidInputError("step_names must be unique")
    c = _check_counts(counts)
    if c.shape[-1] != len(names):
        raise InvalidInputError(
            f"counts must have one entry per step ({len(names)}); got {c.shape[-1]}"
        )
    rates = step_conversion(c)
    with np.errstate(divide="ignore", invalid="ignore"):
        overall = np.where(c[..., 0] > 0, c[..., -1] / np.maximum(c[..., 0], 1), np.nan)
    loss = (c[..., :-1] - c[..., 1:]).astype(np.int64)
    loss_rate = 1.0 - rates
    transitions = tuple(f"{a} → {b}" for a, b in itertools.pairwise(names))
    bench = gap = opportunity = None
    if benchmark is not None:
        bench = as_float_array(benchmark, "benchmark", ndim=1)
        if bench.shape[0] != len(names) - 1:
            raise InvalidInputError(
                f"benchmark must hold one rate per transition ({len(names) - 1}); "
                f"got {bench.shape[0]}"
            )
        check_range(bench, "benchmark", ge=0, le=1)
        gap = rates - bench
        with np.errstate(divide="ignore", invalid="ignore"):
            opportunity = np.where(rates > 0, c[..., -1:] * (bench / rates - 1.0), np.nan)
            shortfall = np.where(bench > 0, rates / bench, np.inf)
        abs_idx = np.argmax(np.nan_to_num(opportunity, nan=-np.inf), axis=-1)
        rel_idx = np.argmin(np.nan_to_num(shortfall, nan=np.inf), axis=-1)
    else:
        abs_idx = np.argmax(loss, axis=-1)
        rel_idx = np.argmax(np.nan_to_num(loss_rate, nan=-np.inf), axis=-1)
    aov: Any = None
    gmv: Any = None
    if average_order_value is not None:
        aov_arr = as_float_array(average_order_value, "average_order_value")
        check_range(aov_arr, "average_order_value", ge=0)
        if c.ndim == 1 and aov_arr.ndim != 0:
            raise InvalidInputError("average_order_value must be a scalar for a single funnel")
        gmv_arr = c[..., 0] * overall * aov_arr
        aov = float(aov_arr) if aov_arr.ndim == 0 else aov_arr
        gmv = float(gmv_arr) if np.ndim(gmv_arr) == 0 else gmv_arr
    scalar = c.ndim == 1
    return CountFunnel(
        step_names=names,
        counts=c,
        transitions=transitions,
        step_conversion=rates,
        overall_conversion=float(overall) if scalar else overall,
        n_lost=loss,
        loss_rate=loss_rate,
        benchmark=bench,
        benchmark_gap=gap,
        opportunity=opportunity,
        bottleneck_absolute=int(abs_idx) if scalar else abs_idx.astype(np.int64),
        bottleneck_relative=int(rel_idx) if scalar else rel_idx.astype(np.int64),
        average_order_value=aov,
        gmv=gmv,
    )
