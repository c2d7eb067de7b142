"""Logistics plots: what rate shopping saves, carrier by carrier (private)."""

from __future__ import annotations

import numpy as np

from ecomops._logistics.quote import RatePlan
from ecomops._plot.common import (
    MAX_CATEGORIES,
    Axes,
    axes_or_new,
    category_ticks,
    expect_kind,
    money_axis,
    money_label,
)
from ecomops.exceptions import CurrencyMismatchError, InvalidInputError

__all__ = ["rate_savings_chart"]


def _carrier(label: str) -> str:
    return label.split("/", 1)[0]


def rate_savings_chart(plan: RatePlan, baseline_plan: RatePlan, *, ax: Axes | None = None) -> Axes:
    r"""Savings of a rate-shopped plan over a baseline plan, by the carrier the plan chose.

    On the parcels both plans can ship, each parcel saves
    $c_{\text{baseline}} - c_{\text{plan}}$ (exact, in minor units); the bars
    sum those savings over the parcels the plan gives to each carrier (the
    part of the service label before ``/``), largest first, each labelled with
    its amount and its number of parcels. The title gives the total saving and
    its share of the baseline's cost.

    Parameters
    ----------
    plan : RatePlan
        The rate-shopped plan, from [`shop_rates`][ecomops.logistics.shop_rates].
    baseline_plan : RatePlan
        The plan compared against (e.g. one carrier's services only), for the
        same parcels in the same order and in the same currency.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into: one bar per carrier chosen by the plan.

    Raises
    ------
    TypeError
        If ``plan`` or ``baseline_plan`` is not a `RatePlan`.
    InvalidInputError
        If they cover different numbers of parcels, or more than 200 carriers.
    CurrencyMismatchError
        If they are in different currencies.

    References
    ----------
    1. Chopra, S. and Meindl, P. (2016). Supply Chain Management: Strategy,
       Planning, and Operation, 6th ed. Pearson, chapter 14 (transportation
       cost trade-offs).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from ecomops import plot
    >>> from ecomops.logistics import ParcelBatch, example_services, shop_rates
    >>> parcels = ParcelBatch([0.8, 2.5, 6.0], [20, 30, 40], [15, 20, 30], [10, 15, 20],
    ...                       "浙江", ["上海", "广东", "北京"])
    >>> services = example_services("CN")
    >>> plan = shop_rates(parcels, services)
    >>> baseline_plan = shop_rates(parcels, [s for s in services if s.carrier == "SF"])
    >>> ax = plot.rate_savings_chart(plan, baseline_plan)
    >>> ax.get_ylabel()
    'saving over the baseline [CNY]'
    >>> plt.close(ax.figure)
    """
    expect_kind(plan, RatePlan, "plan")
    expect_kind(baseline_plan, RatePlan, "baseline_plan")
    if len(plan) != len(baseline_plan):
        raise InvalidInputError(
            "plan and baseline_plan must cover the same parcels; got "
            f"{len(plan)} and {len(baseline_plan)}"
        )
    if plan.currency != baseline_plan.currency:
        raise CurrencyMismatchError(
            f"plan is in {plan.currency.code} and baseline_plan in {baseline_plan.currency.code}"
        )
    both = (np.asarray(plan.service_index) >= 0) & (np.asarray(baseline_plan.service_index) >= 0)
    saving = np.asarray(baseline_plan.cost.minor) - np.asarray(plan.cost.minor)
    carriers = np.array([_carrier(s) for s in np.asarray(plan.service)[both].tolist()], dtype=str)
    names, group = np.unique(carriers, return_inverse=True)
    if names.size > MAX_CATEGORIES:
        raise InvalidInputError(f"rate_savings_chart draws at most {MAX_CATEGORIES} carriers")
    minor = np.zeros(names.size, dtype=np.int64)
    np.add.at(minor, group, saving[both])
    n = np.bincount(group, minlength=names.size)
    order = np.argsort(-minor, kind="stable")
    scale = 10.0**plan.currency.minor_units
    amount = minor[order] / scale
    ax = axes_or_new(ax)
    bars = ax.bar(np.arange(names.size), amount, color="C2")
    decimals = plan.currency.minor_units
    ax.bar_label(
        bars,
        [f"{a:,.{decimals}f}\n{int(k):,} parcels" for a, k in zip(amount, n[order], strict=True)],
        fontsize=8,
    )
    category_ticks(ax, names[order].tolist())
    money_axis(ax.yaxis, plan.currency)
    ax.axhline(0.0, color="0.3", linewidth=0.8)
    base_minor = int(np.asarray(baseline_plan.cost.minor)[both].sum())
    total = int(minor.sum())
    share = f" ({total / base_minor:.1%} of the baseline)" if base_minor else ""
    ax.set_title(f"Rate shopping saves {total / scale:,.{decimals}f} {plan.currency.code}{share}")
    ax.set_xlabel("carrier chosen by the plan")
    ax.set_ylabel(money_label("saving over the baseline", plan.currency))
    ax.margins(y=0.15)
    return ax
