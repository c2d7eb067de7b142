"""Compiled promotion rules: integer computations of one promotion on a cart (private).

Each promotion model compiles, once, into one of the rule objects below (plain
Python integers of minor units, rates as exact integer ratios). The engine
(`engine.run`) asks a rule for its discount on the lines it is eligible for,
given a `Context`: the running line amounts, the stage's price base, the
amounts thresholds are judged on and the amounts percentages are computed on.

``compute(ctx, eligible, targets)`` returns ``(shares, reason, values)``:
``shares`` are the integer discounts on ``targets`` (the eligible lines, or the
shipping fee for a shipping-level rule), or ``None`` when the rule does not
apply, with a reason code and its values for the trace.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from operator import gt
from typing import Any

from ecomops._promotions.arith import round_ratio, split

__all__ = [
    "AmountRule",
    "BundleRule",
    "BuyGetRule",
    "Context",
    "PercentRule",
    "QuantityRule",
    "Rule",
    "ThresholdRule",
    "split_capped",
]

Outcome = tuple[list[int] | None, str, tuple[Any, ...]]


class Context:
    """What a rule sees of the cart while the engine runs (private).

    ``running`` is the live amount left on each line (the shipping fee last);
    ``base`` the stage's price base; ``threshold`` the amounts thresholds are
    judged on (``running`` or ``base``); ``percent`` the amounts percentages are
    computed on (``running`` or ``base``).
    """

    __slots__ = (
        "base",
        "percent",
        "prices",
        "quantities",
        "rounding",
        "rounding_point",
        "running",
        "skus",
        "threshold",
    )

    def __init__(
        self,
        prices: Sequence[int],
        quantities: Sequence[int],
        skus: Sequence[str],
        running: list[int],
        rounding: str,
        rounding_point: str,
    ) -> None:
        self.prices = prices
        self.quantities = quantities
        self.skus = skus
        self.running = running
        self.base: Sequence[int] = running
        self.threshold: Sequence[int] = running
        self.percent: Sequence[int] = running
        self.rounding = rounding
        self.rounding_point = rounding_point


def split_capped(total: int, weights: Sequence[int], caps: Sequence[int]) -> list[int]:
    """Largest-remainder split of ``total`` by ``weights`` with no part above its cap.

    ``total <= sum(caps)``. Parts that would exceed their cap are held at it and
    the excess is split again over the others (by weight, or by room left when
    their weights are all zero); at most one round per line.
    """
    shares = split(total, weights)
    if not any(map(gt, shares, caps)):
        return shares
    fixed = [False] * len(caps)
    shares = [0] * len(caps)
    left = total
    while left > 0:
        open_ = [i for i in range(len(caps)) if not fixed[i]]
        w = [weights[i] for i in open_]
        if sum(w) == 0:
            w = [caps[i] - shares[i] for i in open_]
        parts = split(left, w)
        over = [k for k, i in enumerate(open_) if shares[i] + parts[k] > caps[i]]
        if not over:
            for k, i in enumerate(open_):
                shares[i] += parts[k]
            break
        for k in over:
            i = open_[k]
            left -= caps[i] - shares[i]
            shares[i] = caps[i]
            fixed[i] = True
    return shares


def _room(ctx: Context, targets: Sequence[int]) -> list[int]:
    running = ctx.running
    return [running[i] for i in targets]


def _fixed_shares(ctx: Context, targets: Sequence[int], amount: int) -> list[int]:
    """A fixed amount over the targets by their base amounts, capped at what is left."""
    running = ctx.running
    caps = [running[i] for i in targets]
    total = min(amount, sum(caps))
    base = ctx.base
    if base is running:  # weights are the caps: no part can exceed its cap
        return split(total, caps)
    return split_capped(total, [base[i] for i in targets], caps)


def _percent_shares(
    ctx: Context, targets: Sequence[int], num: int, den: int, cap: int | None
) -> list[int]:
    """``num/den`` of the targets' percent base, rounded by the policy, capped."""
    running = ctx.running
    caps = [running[i] for i in targets]
    percent = ctx.percent
    weights = caps if percent is running else [percent[i] for i in targets]
    rounding = ctx.rounding
    if ctx.rounding_point == "promotion":
        total = round_ratio(num * sum(weights), den, rounding)
        if cap is not None and total > cap:
            total = cap
        if weights is caps:  # a rate below 1 of what is left: no part exceeds its cap
            return split(total, caps)
        return split_capped(min(total, sum(caps)), weights, caps)
    shares = [
        min(round_ratio(num * w, den, rounding), c) for w, c in zip(weights, caps, strict=True)
    ]
    if cap is not None and sum(shares) > cap:
        return split_capped(cap, weights, caps)
    return shares


def _threshold_amount(ctx: Context, eligible: Sequence[int]) -> int:
    threshold = ctx.threshold
    return sum([threshold[i] for i in eligible])


class Rule(abc.ABC):
    """Base of compiled rules: the checks every kind shares (private)."""

    __slots__ = ()

    #: True when the rule counts units (cannot run at the shipping level).
    unit_based = False

    @abc.abstractmethod
    def compute(self, ctx: Context, eligible: Sequence[int], targets: Sequence[int]) -> Outcome:
        """Each eligible target's share of the discount, or ``None`` with the reason skipped."""


class AmountRule(Rule):
    """A fixed amount off the eligible total (or off each unit), after an optional threshold."""

    __slots__ = ("amount", "per_unit", "threshold")

    def __init__(self, amount: int, threshold: int, per_unit: bool) -> None:
        self.amount = amount
        self.threshold = threshold
        self.per_unit = per_unit

    def compute(self, ctx: Context, eligible: Sequence[int], targets: Sequence[int]) -> Outcome:
        if self.threshold:
            reached = _threshold_amount(ctx, eligible)
            if reached < self.threshold:
                return None, "threshold_not_met", (self.threshold, reached)
        if self.per_unit:
            q = ctx.quantities
            running = ctx.running
            return [min(self.amount * q[i], running[i]) for i in targets], "", ()
        return _fixed_shares(ctx, targets, self.amount), "", ()


class PercentRule(Rule):
    """A rate off the eligible amounts, after an optional threshold, with an optional cap."""

    __slots__ = ("cap", "den", "num", "threshold")

    def __init__(self, num: int, den: int, threshold: int, cap: int | None) -> None:
        self.num = num
        self.den = den
        self.threshold = threshold
        self.cap = cap

    def compute(self, ctx: Context, eligible: Sequence[int], targets: Sequence[int]) -> Outcome:
        if self.threshold:
            reached = _threshold_amount(ctx, eligible)
            if reached < self.threshold:
                return None, "threshold_not_met", (self.threshold, reached)
        return _percent_shares(ctx, targets, self.num, self.den, self.cap), "", ()


class ThresholdRule(Rule):
    """满减: a fixed amount off once, for every multiple (with a cap), or by tiers."""

    __slots__ = ("cap", "repeat", "tiers")

    def __init__(self, tiers: tuple[tuple[int, int], ...], repeat: str, cap: int | None) -> None:
        self.tiers = tiers  # ascending (threshold, off); one tier unless tiered
        self.repeat = repeat
        self.cap = cap

    def compute(self, ctx: Context, eligible: Sequence[int], targets: Sequence[int]) -> Outcome:
        reached = _threshold_amount(ctx, eligible)
        first, off = self.tiers[0]
        if reached < first:
            return None, "threshold_not_met", (first, reached)
        if self.repeat == "every":
            off = (reached // first) * off
            if self.cap is not None and off > self.cap:
                off = self.cap
        elif self.repeat == "tiered":
            for threshold, tier_off in self.tiers:
                if reached >= threshold:
                    off = tier_off
        return _fixed_shares(ctx, targets, off), "", ()


def _units_by_price(ctx: Context, eligible: Sequence[int], cheapest_first: bool) -> list[int]:
    """Eligible lines ordered by unit price (ties by canonical order)."""
    prices = ctx.prices
    sign = 1 if cheapest_first else -1
    return sorted(eligible, key=lambda i: (sign * prices[i], i))


def _unit_discount(ctx: Context, line: int, units: int, num: int, den: int) -> int:
    """``num/den`` of ``units`` of a line's percent base (per unit), rounded, capped."""
    q = ctx.quantities[line]
    if units == 0 or q == 0:
        return 0
    share = round_ratio(num * units * ctx.percent[line], den * q, ctx.rounding)
    return min(share, ctx.running[line])


class QuantityRule(Rule):
    """满N件打M折 (volume) or each unit at its band's rate (graduated, cheapest units last)."""

    __slots__ = ("den", "mode", "tiers")
    unit_based = True

    def __init__(self, tiers: tuple[tuple[int, int], ...], den: int, mode: str) -> None:
        self.tiers = tiers  # ascending (min_quantity, rate numerator over den)
        self.den = den
        self.mode = mode

    def compute(self, ctx: Context, eligible: Sequence[int], targets: Sequence[int]) -> Outcome:
        q = ctx.quantities
        units = sum(q[i] for i in eligible)
        first = self.tiers[0][0]
        if units < first:
            return None, "quantity_not_met", (first, units)
        if self.mode == "volume":
            num = 0
            for min_q, rate_num in self.tiers:
                if units >= min_q:
                    num = rate_num
            return _percent_shares(ctx, targets, num, self.den, None), "", ()
        return self._graduated(ctx, eligible), "", ()

    def _graduated(self, ctx: Context, eligible: Sequence[int]) -> list[int]:
        """Unit k (most expensive first) at the rate of the highest band with min <= k."""
        position = 0
        by_line = {}
        for line in _units_by_price(ctx, eligible, cheapest_first=False):
            q = ctx.quantities[line]
            total_num = 0
            for band, (min_q, rate_num) in enumerate(self.tiers):
                upper = self.tiers[band + 1][0] - 1 if band + 1 < len(self.tiers) else None
                lo = max(position + 1, min_q)
                hi = position + q if upper is None else min(position + q, upper)
                if hi >= lo:
                    total_num += rate_num * (hi - lo + 1)
            position += q
            by_line[line] = _unit_discount(ctx, line, 1, total_num, self.den) if q else 0
        return [by_line[line] for line in eligible]


class BuyGetRule(Rule):
    """Buy X get Y: for every X + Y eligible units, the Y cheapest at a rate off (1 = free)."""

    __slots__ = ("buy", "den", "get", "max_applications", "num")
    unit_based = True

    def __init__(self, buy: int, get: int, num: int, den: int, max_applications: int | None):
        self.buy = buy
        self.get = get
        self.num = num
        self.den = den
        self.max_applications = max_applications

    def compute(self, ctx: Context, eligible: Sequence[int], targets: Sequence[int]) -> Outcome:
        q = ctx.quantities
        units = sum(q[i] for i in eligible)
        group = self.buy + self.get
        times = units // group
        if self.max_applications is not None:
            times = min(times, self.max_applications)
        if times == 0:
            return None, "quantity_not_met", (group, units)
        free = times * self.get
        given = {}
        for line in _units_by_price(ctx, eligible, cheapest_first=True):
            take = min(free, q[line])
            given[line] = _unit_discount(ctx, line, take, self.num, self.den)
            free -= take
        return [given.get(i, 0) for i in eligible], "", ()


class BundleRule(Rule):
    """A bundle price for a set of SKUs, the saving split by relative standalone price."""

    __slots__ = ("components", "max_applications", "price")
    unit_based = True

    def __init__(
        self, components: tuple[tuple[str, int], ...], price: int, max_applications: int | None
    ) -> None:
        self.components = components
        self.price = price
        self.max_applications = max_applications

    def compute(self, ctx: Context, eligible: Sequence[int], targets: Sequence[int]) -> Outcome:
        q, skus = ctx.quantities, ctx.skus
        available = {sku: 0 for sku, _ in self.components}
        for i in eligible:
            if skus[i] in available:
                available[skus[i]] += q[i]
        times = min(available[sku] // need for sku, need in self.components)
        if self.max_applications is not None:
            times = min(times, self.max_applications)
        if times == 0:
            missing = next(sku for sku, need in self.components if available[sku] < need)
            return None, "bundle_incomplete", (missing,)
        used = self._units_used(ctx, eligible, skus, times)
        standalone = sum(ctx.prices[i] * u for i, u in zip(eligible, used, strict=True))
        saving = standalone - times * self.price
        if saving <= 0:
            return None, "no_saving", (times * self.price, standalone)
        weights = [ctx.prices[i] * u for i, u in zip(eligible, used, strict=True)]
        caps = [min(ctx.running[i], w) for i, w in zip(eligible, weights, strict=True)]
        return split_capped(min(saving, sum(caps)), weights, caps), "", ()

    def _units_used(
        self, ctx: Context, eligible: Sequence[int], skus: Sequence[str], times: int
    ) -> list[int]:
        """Units of each eligible line in the bundles (most expensive lines of a SKU first)."""
        need = {sku: n * times for sku, n in self.components}
        used = dict.fromkeys(eligible, 0)
        for i in _units_by_price(ctx, eligible, cheapest_first=False):
            left = need.get(skus[i], 0)
            if left:
                take = min(left, ctx.quantities[i])
                used[i] = take
                need[skus[i]] = left - take
        return [used[i] for i in eligible]
